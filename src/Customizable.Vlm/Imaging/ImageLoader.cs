using System.Buffers;
using System.Diagnostics;
using System.Runtime.InteropServices;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Customizable.Vlm.Imaging;

/// <summary>
/// Decodes encoded images (PNG, JPEG, BMP, GIF, TIFF, WebP) into tightly packed <see cref="PixelFormat.Rgb24"/> frames, with
/// size limits enforced before any pixel memory is allocated.
/// </summary>
/// <remarks>
/// <para>Output: always a tightly packed RGB frame over a fresh array that nobody else references. Multi-frame images (GIF, TIFF)
/// yield their first frame only. The EXIF orientation is applied when <see cref="ImageLoadOptions.ApplyExifOrientation"/> is set,
/// so coordinates are those of the image as displayed. Grayscale, palette, 16-bit and alpha images all become 8-bit RGB; alpha
/// is composited over <see cref="ImageLoadOptions.AlphaBackground"/>.</para>
/// <para>Limits: only regular files are opened (FIFOs, devices and directories are refused without being opened); a file's size
/// is checked before it is read and a stream is read at most <see cref="ImageLoadOptions.MaxFileBytes"/> + 1 bytes. The bytes
/// must then be structurally complete for their format (PNG through IEND, JPEG through EOI, GIF through its trailer, BMP, WebP
/// and TIFF sizes and offsets inside the data) and carry at most <see cref="ImageLoadOptions.MaxMetadataBytes"/> of metadata;
/// width, height and pixel count are read from the header and checked (both maxima and minima) before decoding, and decoding is
/// bounded by <see cref="ImageLoadOptions.MaxDecodeTime"/> and the caller's token. A violated maximum raises
/// <see cref="InputLimitExceededException"/>, a violated minimum <see cref="ImageTooSmallException"/>. docs/reliability.md lists
/// every check.</para>
/// <para>Errors: empty, truncated, corrupt or unsupported data raises <see cref="ImageDecodingException"/> naming the source; a
/// missing or unreadable file raises <see cref="InvalidObservationException"/> naming the path, with the I/O exception (for
/// example <see cref="FileNotFoundException"/>) as inner exception. Exceptions the decoder raises on malformed data (format,
/// content, index, null-reference, argument and invalid-operation errors) are wrapped, never rethrown as they are.</para>
/// <para>Thread-safety: an instance is immutable after construction; all members may be called concurrently.</para>
/// </remarks>
public sealed class ImageLoader
{
    private const int PoolSizeMegabytes = 32;
    private const int InitialStreamBuffer = 64 * 1024;

    private readonly ImageLoadOptions _options;
    private readonly Configuration _configuration;

    /// <summary>Gets the library's own loader with the default options: one ImageSharp configuration shared by the helpers that only
    /// convert, encode or draw frames (composer, overlays, profiles, reports), instead of one per helper.</summary>
    internal static ImageLoader Shared { get; } = new();

    /// <summary>Initializes a new loader.</summary>
    /// <param name="options">Limits and conversion settings; copied, so later changes have no effect. Null means defaults.</param>
    public ImageLoader(ImageLoadOptions? options = null)
    {
        _options = options?.Clone() ?? new ImageLoadOptions();
        _configuration = CreateConfiguration(_options);
    }

    /// <summary>Gets a copy of the options this loader uses.</summary>
    public ImageLoadOptions Options => _options.Clone();

    /// <summary>Reads and decodes an image file.</summary>
    /// <param name="path">The file path.</param>
    /// <param name="cancellationToken">Cancels the work: I/O, and the wait for the decoder (see <see cref="ImageLoadOptions.MaxDecodeTime"/>).</param>
    /// <returns>A tightly packed RGB frame.</returns>
    /// <exception cref="ArgumentException">The path is null or empty.</exception>
    /// <exception cref="InvalidObservationException">The file does not exist, is not a regular file (a FIFO, device or directory) or cannot be read.</exception>
    /// <exception cref="InputLimitExceededException">The file, its metadata or the image is larger than a configured limit, or decoding took longer than <see cref="ImageLoadOptions.MaxDecodeTime"/>.</exception>
    /// <exception cref="ImageTooSmallException">The image is smaller than <see cref="ImageLoadOptions.MinWidth"/> x <see cref="ImageLoadOptions.MinHeight"/>.</exception>
    /// <exception cref="ImageDecodingException">The file is empty, truncated, corrupt or in an unsupported format.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public async ValueTask<RawFrame> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        cancellationToken.ThrowIfCancellationRequested();

        // Stat, never open, anything else than a regular file: opening a FIFO for reading blocks until a writer appears.
        string? kind = FileKind.DescribeIfNotRegular(path);
        if (kind is not null)
        {
            throw new InvalidObservationException(path, $"The path is {kind}, not a regular file; only regular files are read.", null);
        }

        FileInfo file = new(path);
        if (!file.Exists)
        {
            throw new InvalidObservationException(path, "The file does not exist.", new FileNotFoundException("The image file does not exist.", path));
        }

        long length = file.Length;
        if (length > _options.MaxFileBytes)
        {
            throw new InputLimitExceededException(path, nameof(ImageLoadOptions.MaxFileBytes), length, _options.MaxFileBytes);
        }

        if (length == 0)
        {
            throw new ImageDecodingException(path, "The file is empty.", null);
        }

        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InvalidObservationException(path, "The file does not exist.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            throw new InvalidObservationException(path, $"The file could not be opened: {e.Message}", e);
        }

        await using (stream.ConfigureAwait(false))
        {
            return await ReadAndDecodeAsync(stream, path, length, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads an encoded image from a stream (to its end, at most <see cref="ImageLoadOptions.MaxFileBytes"/> + 1 bytes) and decodes it.</summary>
    /// <param name="stream">A readable stream positioned at the start of the image; the caller keeps ownership.</param>
    /// <param name="name">A name for messages, or null.</param>
    /// <param name="cancellationToken">Cancels the work: I/O, and the wait for the decoder (see <see cref="ImageLoadOptions.MaxDecodeTime"/>).</param>
    /// <returns>A tightly packed RGB frame.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="InvalidObservationException">The stream cannot be read.</exception>
    /// <exception cref="InputLimitExceededException">The data, its metadata or the image is larger than a configured limit, or decoding took longer than <see cref="ImageLoadOptions.MaxDecodeTime"/>.</exception>
    /// <exception cref="ImageTooSmallException">The image is smaller than <see cref="ImageLoadOptions.MinWidth"/> x <see cref="ImageLoadOptions.MinHeight"/>.</exception>
    /// <exception cref="ImageDecodingException">The data is empty, truncated, corrupt or in an unsupported format.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public async ValueTask<RawFrame> LoadAsync(Stream stream, string? name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        cancellationToken.ThrowIfCancellationRequested();
        if (!stream.CanRead)
        {
            throw new InvalidObservationException(name, "The stream is not readable.", null);
        }

        long sizeHint = -1;
        if (stream.CanSeek)
        {
            long remaining = stream.Length - stream.Position;
            if (remaining > _options.MaxFileBytes)
            {
                throw new InputLimitExceededException(name, nameof(ImageLoadOptions.MaxFileBytes), remaining, _options.MaxFileBytes);
            }

            sizeHint = remaining;
        }

        return await ReadAndDecodeAsync(stream, name, sizeHint, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Decodes an encoded image held in memory, waiting for the decoder asynchronously and honouring the token.</summary>
    /// <param name="encoded">The file bytes; copied before decoding, so the caller may reuse the memory once this returns.</param>
    /// <param name="name">A name for messages, or null.</param>
    /// <param name="cancellationToken">Cancels the work, including the wait for the decoder (see <see cref="ImageLoadOptions.MaxDecodeTime"/>).</param>
    /// <returns>A tightly packed RGB frame.</returns>
    /// <exception cref="InputLimitExceededException">The data, its metadata or the image is larger than a configured limit, or decoding took longer than <see cref="ImageLoadOptions.MaxDecodeTime"/>.</exception>
    /// <exception cref="ImageTooSmallException">The image is smaller than <see cref="ImageLoadOptions.MinWidth"/> x <see cref="ImageLoadOptions.MinHeight"/>.</exception>
    /// <exception cref="ImageDecodingException">The data is empty, truncated, corrupt or in an unsupported format.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public async ValueTask<RawFrame> LoadAsync(ReadOnlyMemory<byte> encoded, string? name, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (encoded.Length > _options.MaxFileBytes)
        {
            throw new InputLimitExceededException(name, nameof(ImageLoadOptions.MaxFileBytes), encoded.Length, _options.MaxFileBytes);
        }

        if (encoded.IsEmpty)
        {
            throw new ImageDecodingException(name, "The data is empty.", null);
        }

        ImageDecodingException? inconsistent = ImageStructure.Check(encoded.Span, name, _options);
        byte[] copy = encoded.ToArray();
        RawFrame frame = await WaitForDecodeAsync(StartDecode(copy, copy.Length, name, inconsistent, cancellationToken), name, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return frame;
    }

    /// <summary>Decodes an encoded image held in memory.</summary>
    /// <param name="encoded">The file bytes.</param>
    /// <param name="name">A name for messages, or null.</param>
    /// <returns>A tightly packed RGB frame.</returns>
    /// <exception cref="InputLimitExceededException">The data, its metadata or the image is larger than a configured limit, or decoding took longer than <see cref="ImageLoadOptions.MaxDecodeTime"/>.</exception>
    /// <exception cref="ImageTooSmallException">The image is smaller than <see cref="ImageLoadOptions.MinWidth"/> x <see cref="ImageLoadOptions.MinHeight"/>.</exception>
    /// <exception cref="ImageDecodingException">The data is empty, truncated, corrupt or in an unsupported format.</exception>
    /// <remarks>With a finite <see cref="ImageLoadOptions.MaxDecodeTime"/> the bytes are copied and decoded on a thread-pool thread while this thread waits.</remarks>
    public unsafe RawFrame Load(ReadOnlySpan<byte> encoded, string? name)
    {
        if (encoded.Length > _options.MaxFileBytes)
        {
            throw new InputLimitExceededException(name, nameof(ImageLoadOptions.MaxFileBytes), encoded.Length, _options.MaxFileBytes);
        }

        if (encoded.IsEmpty)
        {
            throw new ImageDecodingException(name, "The data is empty.", null);
        }

        ImageDecodingException? inconsistent = ImageStructure.Check(encoded, name, _options);
        if (_options.MaxDecodeTime != Timeout.InfiniteTimeSpan)
        {
            // The decoder runs on another thread that may outlive this call, so it gets its own copy of the bytes.
            byte[] copy = encoded.ToArray();
            return WaitForDecodeAsync(StartDecode(copy, copy.Length, name, inconsistent, CancellationToken.None), name, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }

        fixed (byte* pointer = encoded)
        {
            using UnmanagedMemoryStream stream = new(pointer, encoded.Length);
            return Decode(stream, name, inconsistent, CancellationToken.None);
        }
    }

    /// <summary>
    /// Converts a frame of any <see cref="PixelFormat"/> to a tightly packed <see cref="PixelFormat.Rgb24"/> frame over a fresh
    /// array. Alpha is composited over <see cref="ImageLoadOptions.AlphaBackground"/>; gray is replicated to the three channels.
    /// </summary>
    /// <param name="frame">The frame.</param>
    /// <returns><paramref name="frame"/> itself when it is already tightly packed RGB; otherwise a converted copy.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="frame"/> is null.</exception>
    public RawFrame ToRgb24(RawFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        int rowBytes = frame.Width * 3;
        if (frame.Format == PixelFormat.Rgb24 && frame.Stride == rowBytes)
        {
            return frame;
        }

        byte[] pixels = new byte[checked(rowBytes * frame.Height)];
        for (int y = 0; y < frame.Height; y++)
        {
            RgbConversion.ConvertRow(_configuration, frame.Format, frame.GetRow(y), pixels.AsSpan(y * rowBytes, rowBytes), _options.AlphaBackground);
        }

        return new RawFrame(frame.Width, frame.Height, PixelFormat.Rgb24, pixels);
    }

    private static Configuration CreateConfiguration(ImageLoadOptions options)
    {
        // Only the formats this library documents; TGA, PBM and others are rejected as unsupported.
        Configuration configuration = new(
            new PngConfigurationModule(),
            new JpegConfigurationModule(),
            new GifConfigurationModule(),
            new BmpConfigurationModule(),
            new TiffConfigurationModule(),
            new WebpConfigurationModule());

        // Bounded pool per loader; the allocation limit is a second line of defence behind the header checks
        // (16 bytes per allowed pixel covers 64-bit intermediate pixel types).
        long limitMegabytes = Math.Min(int.MaxValue, ((options.MaxPixels * 16) >> 20) + 64);
        configuration.MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions
        {
            MaximumPoolSizeMegabytes = PoolSizeMegabytes,
            AllocationLimitMegabytes = (int)limitMegabytes,
        });
        configuration.ImageFormatsManager.SetDecoder(GifFormat.Instance, new GifDecoder { DecodingMode = FrameDecodingMode.First });
        configuration.ImageFormatsManager.SetDecoder(TiffFormat.Instance, new TiffDecoder { DecodingMode = FrameDecodingMode.First });
        return configuration;
    }

    private static bool IsDecoderFailure(Exception exception) => exception is
        ImageFormatException or
        InvalidMemoryOperationException or
        ImageProcessingException or
        NotSupportedException or
        NotImplementedException or
        IndexOutOfRangeException or
        NullReferenceException or
        InvalidOperationException or
        ArgumentException or
        ArithmeticException or
        InvalidCastException or
        InvalidDataException or
        IOException;

    private static int ReadOrientation(ImageMetadata? metadata)
    {
        IExifValue<ushort>? value = metadata?.ExifProfile?.GetValue(ExifTag.Orientation);
        return value?.Value ?? ExifOrientationMode.TopLeft;
    }

    private static int s_runawayDecodes;

    /// <summary>
    /// Gets the number of decodes in this process that outlived their caller and have not returned yet: their
    /// <see cref="ImageLoadOptions.MaxDecodeTime"/> elapsed or their caller cancelled, the caller got its error, and the decoder,
    /// which cannot be interrupted, still holds a thread-pool thread (and a core, if it spins).
    /// </summary>
    /// <remarks>Normally 0, or briefly above 0 after a slow image timed out. A count that stays above 0 means inputs that make the
    /// decoder spin got through the structural checks: a host should report it (it is the <c>cvlm.image.runaway_decodes</c>
    /// instrument of <see cref="Diagnostics.CustomizableVlmDiagnostics.MeterName"/>) and plan a restart, since those threads are
    /// lost until the process ends. Read without locking; safe from any thread.</remarks>
    public static int RunawayDecodes => Volatile.Read(ref s_runawayDecodes);

    private async ValueTask<RawFrame> ReadAndDecodeAsync(Stream stream, string? name, long sizeHint, CancellationToken cancellationToken)
    {
        long max = _options.MaxFileBytes;
        int capacity = (int)Math.Min(sizeHint >= 0 ? sizeHint + 1 : InitialStreamBuffer, max + 1);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(capacity);
        bool bufferAbandoned = false;
        try
        {
            int length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    byte[] larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, max + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                int toRead = (int)Math.Min(buffer.Length - length, max + 1 - length);
                int read;
                try
                {
                    read = await stream.ReadAsync(buffer.AsMemory(length, toRead), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ObjectDisposedException)
                {
                    throw new InvalidObservationException(name, $"The data could not be read: {e.Message}", e);
                }

                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > max)
                {
                    throw new InputLimitExceededException(name, nameof(ImageLoadOptions.MaxFileBytes), length, max);
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (length == 0)
            {
                throw new ImageDecodingException(name, "The data is empty.", null);
            }

            ImageDecodingException? inconsistent = ImageStructure.Check(buffer.AsSpan(0, length), name, _options);
            Task<RawFrame> decoding = StartDecode(buffer, length, name, inconsistent, cancellationToken);
            try
            {
                RawFrame frame = await WaitForDecodeAsync(decoding, name, cancellationToken).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                return frame;
            }
            finally
            {
                // A decoder still running after a timeout or cancellation keeps reading the buffer: never hand it back to the pool.
                bufferAbandoned = !decoding.IsCompleted;
            }
        }
        finally
        {
            if (!bufferAbandoned)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>Decodes on the thread pool when a time bound or a cancellable token applies, inline otherwise.</summary>
    private Task<RawFrame> StartDecode(byte[] buffer, int length, string? name, ImageDecodingException? inconsistent, CancellationToken cancellationToken)
    {
        TimeSpan limit = _options.MaxDecodeTime;
        if (limit == Timeout.InfiniteTimeSpan && !cancellationToken.CanBeCanceled)
        {
            try
            {
                return Task.FromResult(DecodeBuffer(buffer, length, name, inconsistent, CancellationToken.None));
            }
            catch (Exception e)
            {
                return Task.FromException<RawFrame>(e);
            }
        }

        // The decoder is told to stop when the bound elapses or the caller cancels; ImageSharp checks that token only at some
        // points, so the caller does not rely on it (see WaitForDecodeAsync).
        CancellationTokenSource stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (limit != Timeout.InfiniteTimeSpan)
        {
            stop.CancelAfter(limit);
        }

        CancellationToken token = stop.Token;
        Task<RawFrame> work = Task.Run(
            () =>
            {
                // The waiter may be descheduled until after a slow decode has finished (a loaded machine); the decode then still
                // counts as over the bound, so the verdict does not depend on which thread ran first.
                long started = Stopwatch.GetTimestamp();
                RawFrame frame = DecodeBuffer(buffer, length, name, inconsistent, token);
                TimeSpan took = Stopwatch.GetElapsedTime(started);
                if (limit != Timeout.InfiniteTimeSpan && took > limit)
                {
                    throw new InputLimitExceededException(name, nameof(ImageLoadOptions.MaxDecodeTime), (long)Math.Ceiling(took.TotalMilliseconds), (long)limit.TotalMilliseconds);
                }

                return frame;
            },
            CancellationToken.None);
        _ = work.ContinueWith(static (_, state) => ((CancellationTokenSource)state!).Dispose(), stop, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return work;
    }

    private async ValueTask<RawFrame> WaitForDecodeAsync(Task<RawFrame> decoding, string? name, CancellationToken cancellationToken)
    {
        TimeSpan limit = _options.MaxDecodeTime;
        long started = Stopwatch.GetTimestamp();
        try
        {
            return await decoding.WaitAsync(limit, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            long elapsed = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            throw new InputLimitExceededException(name, nameof(ImageLoadOptions.MaxDecodeTime), Math.Max(elapsed, (long)limit.TotalMilliseconds), (long)limit.TotalMilliseconds);
        }
        finally
        {
            if (!decoding.IsCompleted)
            {
                // The caller has its answer; the decoder goes on until it returns (see RunawayDecodes).
                Interlocked.Increment(ref s_runawayDecodes);
                _ = decoding.ContinueWith(static _ => Interlocked.Decrement(ref s_runawayDecodes), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
    }

    private RawFrame DecodeBuffer(byte[] buffer, int length, string? name, ImageDecodingException? inconsistent, CancellationToken cancellationToken)
    {
        using MemoryStream memory = new(buffer, 0, length, writable: false);
        return Decode(memory, name, inconsistent, cancellationToken);
    }

    /// <summary>
    /// Identifies, checks the limits, decodes and converts; <paramref name="stream"/> is seekable and memory-backed and has passed
    /// <see cref="ImageStructure.Check(ReadOnlySpan{byte}, string?, ImageLoadOptions)"/>, whose deferred verdict <paramref name="inconsistent"/> is raised once the size limits
    /// have passed.
    /// </summary>
    private RawFrame Decode(Stream stream, string? name, ImageDecodingException? inconsistent, CancellationToken cancellationToken)
    {
        IImageInfo? info;
        IImageFormat? format;
        try
        {
            info = Image.Identify(_configuration, stream, out format);
        }
        catch (Exception e) when (IsDecoderFailure(e))
        {
            throw new ImageDecodingException(name, $"The image header is corrupt or unsupported: {e.Message}", e);
        }

        if (info is null || format is null)
        {
            throw new ImageDecodingException(name, "The data is not an image in a supported format (PNG, JPEG, BMP, GIF, TIFF, WebP).", null);
        }

        int orientation = _options.ApplyExifOrientation ? ReadOrientation(info.Metadata) : ExifOrientationMode.TopLeft;
        bool transposed = orientation is >= ExifOrientationMode.LeftTop and <= ExifOrientationMode.LeftBottom;
        CheckLimits(name, transposed ? info.Height : info.Width, transposed ? info.Width : info.Height);
        if (inconsistent is not null)
        {
            throw inconsistent;
        }

        stream.Position = 0;
        try
        {
            // JPEG has no alpha: decode straight to RGB. Everything else may carry alpha (including palette transparency).
            IImageDecoder decoder = _configuration.ImageFormatsManager.FindDecoder(format);
            return format is JpegFormat ? DecodeAs<Rgb24>(decoder, stream, name, cancellationToken) : DecodeAs<Rgba32>(decoder, stream, name, cancellationToken);
        }
        catch (Exception e) when (IsDecoderFailure(e))
        {
            throw new ImageDecodingException(name, $"The image data is truncated or corrupt: {e.Message}", e);
        }
    }

    private RawFrame DecodeAs<TPixel>(IImageDecoder decoder, Stream stream, string? name, CancellationToken cancellationToken)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        using Image<TPixel> image = decoder.Decode<TPixel>(_configuration, stream, cancellationToken);
        if (_options.ApplyExifOrientation && ReadOrientation(image.Metadata) != ExifOrientationMode.TopLeft)
        {
            image.Mutate(context => context.AutoOrient());
        }

        // The header was checked; check again in case the decoder produced something else than the header announced.
        CheckLimits(name, image.Width, image.Height);

        int rowBytes = image.Width * 3;
        byte[] pixels = new byte[rowBytes * image.Height];
        RgbColor background = _options.AlphaBackground;
        if (typeof(TPixel) == typeof(Rgba32))
        {
            ((Image<Rgba32>)(object)image).ProcessPixelRows(accessor =>
            {
                for (int y = 0; y < accessor.Height; y++)
                {
                    RgbConversion.Composite(accessor.GetRowSpan(y), pixels.AsSpan(y * rowBytes, rowBytes), background);
                }
            });
        }
        else
        {
            image.ProcessPixelRows(accessor =>
            {
                for (int y = 0; y < accessor.Height; y++)
                {
                    MemoryMarshal.AsBytes(accessor.GetRowSpan(y)).CopyTo(pixels.AsSpan(y * rowBytes, rowBytes));
                }
            });
        }

        return new RawFrame(image.Width, image.Height, PixelFormat.Rgb24, pixels);
    }

    private void CheckLimits(string? name, int width, int height)
    {
        if (width > _options.MaxWidth)
        {
            throw new InputLimitExceededException(name, nameof(ImageLoadOptions.MaxWidth), width, _options.MaxWidth);
        }

        if (height > _options.MaxHeight)
        {
            throw new InputLimitExceededException(name, nameof(ImageLoadOptions.MaxHeight), height, _options.MaxHeight);
        }

        long pixels = (long)width * height;
        if (pixels > _options.MaxPixels)
        {
            throw new InputLimitExceededException(name, nameof(ImageLoadOptions.MaxPixels), pixels, _options.MaxPixels);
        }

        if (width < 1 || height < 1)
        {
            throw new ImageDecodingException(name, $"The image header declares an empty size ({width}x{height}).", null);
        }

        if (width < _options.MinWidth || height < _options.MinHeight)
        {
            throw new ImageTooSmallException(name, width, height, _options.MinWidth, _options.MinHeight);
        }
    }
}
