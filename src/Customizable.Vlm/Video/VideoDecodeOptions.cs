using Customizable.Vlm.Imaging;

namespace Customizable.Vlm.Video;

/// <summary>Where ffmpeg lives and the limits every video source checks before decoding.</summary>
/// <remarks>
/// <para>Limits are checked from the metadata (ffprobe, GIF/TIFF headers, the folder listing) before any frame is decoded, and
/// again while frames stream in (a container that under-reports its frame count is stopped at <see cref="MaxFrames"/>). A violated
/// limit raises <see cref="InputLimitExceededException"/>.</para>
/// <para>Every setter validates its value and throws <see cref="ArgumentOutOfRangeException"/> when it is out of range. Readers take
/// a copy (<see cref="Clone"/>) when they are created.</para>
/// </remarks>
public sealed class VideoDecodeOptions
{
    private int _maxFrames = 100_000;
    private TimeSpan _maxDuration = TimeSpan.FromHours(4);
    private long _maxFramePixels = 3840L * 2160;
    private double _sequenceFramesPerSecond = 10;
    private long _maxWholeFileBytes = 1L << 30;

    /// <summary>Gets or sets the path of the ffmpeg executable; null (the default) searches PATH.</summary>
    public string? FfmpegPath { get; set; }

    /// <summary>Gets or sets the path of the ffprobe executable; null (the default) looks beside <see cref="FfmpegPath"/>, then on PATH.</summary>
    public string? FfprobePath { get; set; }

    /// <summary>Gets or sets the largest number of frames a video may have. Default 100,000.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public int MaxFrames
    {
        get => _maxFrames;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _maxFrames = value;
        }
    }

    /// <summary>Gets or sets the longest accepted video duration. Default 4 hours.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public TimeSpan MaxDuration
    {
        get => _maxDuration;
        set => _maxDuration = value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The duration must be positive.");
    }

    /// <summary>Gets or sets the largest accepted <c>width * height</c> of one frame. Default 3840 x 2160 (4K UHD).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1 or above <see cref="ImageLoadOptions.MaxSupportedPixels"/>.</exception>
    public long MaxFramePixels
    {
        get => _maxFramePixels;
        set => _maxFramePixels = value >= 1 && value <= ImageLoadOptions.MaxSupportedPixels
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"The pixel limit must be in [1, {ImageLoadOptions.MaxSupportedPixels}].");
    }

    /// <summary>
    /// Gets or sets the most decoded memory, in bytes, a GIF or TIFF file may need: ImageSharp decodes all their frames at once, so
    /// <c>frames * width * height * 3</c> (counted from the file's structure before decoding) must not exceed it. Default 1 GiB.
    /// Files decoded by ffmpeg and folders stream one frame at a time and are not bound by it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public long MaxWholeFileBytes
    {
        get => _maxWholeFileBytes;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1L);
            _maxWholeFileBytes = value;
        }
    }

    /// <summary>
    /// Gets or sets the frame rate, in frames per second, of image-sequence folders and of multi-frame TIFF files (which carry no
    /// timing). Default 10 (the rate of UCSD Ped2).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a positive finite number.</exception>
    public double SequenceFramesPerSecond
    {
        get => _sequenceFramesPerSecond;
        set => _sequenceFramesPerSecond = value > 0 && double.IsFinite(value)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "The frame rate must be a positive number.");
    }

    /// <summary>Creates a copy of these options.</summary>
    /// <returns>The copy.</returns>
    public VideoDecodeOptions Clone() => (VideoDecodeOptions)MemberwiseClone();

    /// <summary>Checks metadata against the limits.</summary>
    internal void CheckLimits(string? name, VideoMetadata metadata)
    {
        long pixels = (long)metadata.Width * metadata.Height;
        if (pixels > MaxFramePixels)
        {
            throw new InputLimitExceededException(name, nameof(MaxFramePixels), pixels, MaxFramePixels);
        }

        if (metadata.FrameCount > MaxFrames)
        {
            throw new InputLimitExceededException(name, nameof(MaxFrames), metadata.FrameCount, MaxFrames);
        }

        if (metadata.Duration > MaxDuration)
        {
            throw new InputLimitExceededException(name, nameof(MaxDuration) + " (ms)", (long)metadata.Duration.TotalMilliseconds, (long)MaxDuration.TotalMilliseconds);
        }
    }
}
