using System.Runtime.CompilerServices;
using Customizable.Vlm.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.PixelFormats;

namespace Customizable.Vlm.Video;

/// <summary>Reads animated GIF and multi-frame TIFF files through ImageSharp; GIF frame delays give the timing, TIFF frames use a fixed rate.</summary>
/// <remarks>Size (<c>Image.Identify</c>) and frame count (a walk of the file's blocks) are checked before decoding. ImageSharp decodes
/// every frame at once, so memory is bounded by the limits rather than flat. Thread-safety: immutable; concurrent reads are safe.</remarks>
internal sealed class AnimatedImageSource
{
    private const int GifDefaultDelayCentiseconds = 10; // browsers show frames with a 0 or 1 delay for 100 ms
    private readonly VideoDecodeOptions _options;
    private readonly Configuration _configuration;

    public AnimatedImageSource(VideoDecodeOptions options)
    {
        _options = options;
        _configuration = new Configuration(new GifConfigurationModule(), new TiffConfigurationModule());
        long limitMegabytes = Math.Min(int.MaxValue, (options.MaxWholeFileBytes >> 20) + 64);
        _configuration.MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions
        {
            MaximumPoolSizeMegabytes = 16,
            AllocationLimitMegabytes = (int)Math.Min(limitMegabytes, 1 << 20),
        });
    }

    public static bool Handles(string path)
    {
        string extension = Path.GetExtension(path);
        return extension.Equals(".gif", StringComparison.OrdinalIgnoreCase)
            || extension.Equals(".tif", StringComparison.OrdinalIgnoreCase)
            || extension.Equals(".tiff", StringComparison.OrdinalIgnoreCase);
    }

    public ValueTask<VideoMetadata> ProbeAsync(string path, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        (VideoMetadata metadata, _) = Probe(path, null);
        return ValueTask.FromResult(metadata);
    }

    public async IAsyncEnumerable<VideoFrame> ReadFramesAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var delays = new List<int>();
        (VideoMetadata metadata, bool gif) = Probe(path, delays);
        _options.CheckLimits(path, metadata);
        using Image<Rgb24> image = Decode(path);
        if (image.Frames.Count > _options.MaxFrames)
        {
            throw new InputLimitExceededException(path, nameof(VideoDecodeOptions.MaxFrames), image.Frames.Count, _options.MaxFrames);
        }

                TimeSpan start = TimeSpan.Zero;
        for (int i = 0; i < image.Frames.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ImageFrame<Rgb24> source = image.Frames[i];
            // GIF timing comes from the file's own graphic control extensions (ImageSharp 2 carries a delay over to frames that have none).
            TimeSpan duration = gif ? TimeSpan.FromMilliseconds(10.0 * (i < delays.Count ? delays[i] : GifDefaultDelayCentiseconds)) : VideoTime.Period(i, _options.SequenceFramesPerSecond);
            byte[] pixels = new byte[image.Width * image.Height * 3];
            source.CopyPixelDataTo(pixels);
            yield return new VideoFrame(i, start, duration, new RawFrame(image.Width, image.Height, PixelFormat.Rgb24, pixels));
            start += duration;
            await Task.Yield();
        }
    }

    private (VideoMetadata Metadata, bool Gif) Probe(string path, List<int>? delays)
    {
        FileStream stream = Open(path);
        using (stream)
        {
            IImageInfo? info;
            try
            {
                info = Image.Identify(_configuration, stream);
            }
            catch (Exception e) when (e is ImageFormatException or NotSupportedException or InvalidOperationException or ArgumentException or IndexOutOfRangeException
                or NullReferenceException or ArithmeticException or InvalidCastException or InvalidDataException or IOException)
            {
                throw new VideoDecodingException(path, $"The file is not a readable GIF or TIFF: {e.Message}", e);
            }

            if (info is null)
            {
                throw new VideoDecodingException(path, "The file is not a readable GIF or TIFF.", null);
            }

            long pixels = (long)info.Width * info.Height;
            if (pixels > _options.MaxFramePixels)
            {
                throw new InputLimitExceededException(path, nameof(VideoDecodeOptions.MaxFramePixels), pixels, _options.MaxFramePixels);
            }

            stream.Position = 0;
            Span<byte> magic = stackalloc byte[3];
            bool gif = stream.ReadAtLeast(magic, 3, throwOnEndOfStream: false) == 3 && magic.SequenceEqual("GIF"u8);
            stream.Position = 0;
            long frames, centiseconds = 0;
            if (gif)
            {
                (frames, centiseconds) = AnimatedFrameCounter.CountGifFrames(stream, _options.MaxFrames, GifDefaultDelayCentiseconds, delays);
            }
            else
            {
                frames = AnimatedFrameCounter.CountTiffFrames(stream, _options.MaxFrames);
            }

            if (frames > _options.MaxFrames)
            {
                throw new InputLimitExceededException(path, nameof(VideoDecodeOptions.MaxFrames), frames, _options.MaxFrames);
            }

            long bytes = frames * pixels * 3;
            if (bytes > _options.MaxWholeFileBytes)
            {
                throw new InputLimitExceededException(path, nameof(VideoDecodeOptions.MaxWholeFileBytes), bytes, _options.MaxWholeFileBytes);
            }

            if (frames == 0)
            {
                throw new VideoDecodingException(path, "The file has no frames.", null);
            }

            frames = Math.Max(frames, 1);
            double fps = _options.SequenceFramesPerSecond;
            TimeSpan duration = TimeSpan.FromSeconds(frames / fps);
            if (gif && centiseconds > 0)
            {
                duration = TimeSpan.FromMilliseconds(centiseconds * 10.0);
                fps = frames / duration.TotalSeconds;
            }

            return (new VideoMetadata(info.Width, info.Height, fps, duration, frames, 0, gif ? "gif" : "tiff"), gif);
        }
    }

    private Image<Rgb24> Decode(string path)
    {
        try
        {
            return Image.Load<Rgb24>(_configuration, path);
        }
        catch (Exception e) when (e is ImageFormatException or InvalidMemoryOperationException or NotSupportedException or InvalidOperationException
            or ArgumentException or IndexOutOfRangeException or NullReferenceException or ArithmeticException or InvalidCastException or InvalidDataException or IOException)
        {
            // InvalidCastException: a TIFF tag retyped to the ICC profile's id (34675) fails ImageSharp's metadata cast (found by a fuzzer).
            throw new VideoDecodingException(path, $"The frames are truncated or corrupt: {e.Message}", e);
        }
    }

    private static FileStream Open(string path)
    {
        // Stat, never open, anything else than a regular file: opening a FIFO for reading blocks until a writer appears, and the
        // decoder needs a seekable stream (found by a fuzzer).
        string? kind = Imaging.FileKind.DescribeIfNotRegular(path);
        if (kind is not null)
        {
            throw new InvalidObservationException(path, $"The path is {kind}, not a regular file; only regular files are read.", null);
        }

        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InvalidObservationException(path, "The file does not exist.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidObservationException(path, $"The file could not be opened: {e.Message}", e);
        }
    }
}
