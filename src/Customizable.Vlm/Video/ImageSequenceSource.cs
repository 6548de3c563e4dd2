using System.Runtime.CompilerServices;
using Customizable.Vlm.Imaging;

namespace Customizable.Vlm.Video;

/// <summary>Reads a folder of numbered image files (UCSD's <c>001.tif</c>, <c>001.jpg</c> ...) as a video at a fixed frame rate.</summary>
/// <remarks>Files with an image extension are sorted by name with numbers compared as numbers; each is decoded on demand through an
/// <see cref="ImageLoader"/> (its size limits apply), so memory stays flat. All frames must have the first frame's size.
/// Thread-safety: immutable; concurrent reads are safe.</remarks>
internal sealed class ImageSequenceSource
{
    private static readonly string[] Extensions = [".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".gif", ".webp"];
    private readonly VideoDecodeOptions _options;
    private readonly ImageLoader _loader;

    public ImageSequenceSource(VideoDecodeOptions options)
    {
        _options = options;
        _loader = new ImageLoader(new ImageLoadOptions { MaxPixels = options.MaxFramePixels });
    }

    public static IReadOnlyList<string> ListFrames(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new InvalidObservationException(directory, "The folder does not exist.", new DirectoryNotFoundException(directory));
        }

        var files = Directory.EnumerateFiles(directory)
            .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .ToList();
        files.Sort((a, b) => NaturalFileNameComparer.Instance.Compare(Path.GetFileName(a), Path.GetFileName(b)));
        return files;
    }

    public async ValueTask<VideoMetadata> ProbeAsync(string directory, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> files = ListFrames(directory);
        if (files.Count == 0)
        {
            throw new VideoDecodingException(directory, "The folder holds no image frames (png, jpg, bmp, tif, gif, webp).", null);
        }

        if (files.Count > _options.MaxFrames)
        {
            throw new InputLimitExceededException(directory, nameof(VideoDecodeOptions.MaxFrames), files.Count, _options.MaxFrames);
        }

        RawFrame first = await _loader.LoadAsync(files[0], cancellationToken).ConfigureAwait(false);
        double fps = _options.SequenceFramesPerSecond;
        return new VideoMetadata(first.Width, first.Height, fps, TimeSpan.FromSeconds(files.Count / fps), files.Count, 0, "image-sequence");
    }

    public async IAsyncEnumerable<VideoFrame> ReadFramesAsync(string directory, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        VideoMetadata metadata = await ProbeAsync(directory, cancellationToken).ConfigureAwait(false);
        _options.CheckLimits(directory, metadata);
        IReadOnlyList<string> files = ListFrames(directory);
        for (int i = 0; i < files.Count && i < metadata.FrameCount; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            RawFrame frame = await _loader.LoadAsync(files[i], cancellationToken).ConfigureAwait(false);
            if (frame.Width != metadata.Width || frame.Height != metadata.Height)
            {
                throw new VideoDecodingException(files[i], $"The frame is {frame.Width}x{frame.Height}, the sequence's first frame {metadata.Width}x{metadata.Height}.", null);
            }

            yield return new VideoFrame(i, VideoTime.At(i, metadata.FramesPerSecond), VideoTime.Period(i, metadata.FramesPerSecond), frame);
        }
    }
}
