using System.Globalization;

namespace Customizable.Vlm.Video;

/// <summary>A frame-selection strategy: all frames, every n-th, a target rate, K uniform key frames, or change-based key frames.</summary>
/// <remarks>
/// <para>Selected frames keep their source <see cref="VideoFrame.Index"/> and <see cref="VideoFrame.Timestamp"/>; their
/// <see cref="VideoFrame.Duration"/> becomes the time until the next selected frame (the last one: until the end of the video), so
/// the selected frames tile the video's time line without gaps from the first selected frame on.</para>
/// <para>Immutable and thread-safe.</para>
/// </remarks>
public sealed class FrameSampling
{
    private FrameSampling(FrameSamplingMode mode, int step, double framesPerSecond, int count, double changeThreshold)
    {
        Mode = mode;
        Step = step;
        FramesPerSecond = framesPerSecond;
        Count = count;
        ChangeThreshold = changeThreshold;
    }

    /// <summary>Gets every frame.</summary>
    public static FrameSampling All { get; } = new(FrameSamplingMode.All, 1, 0, 0, 0);

    /// <summary>Gets the strategy.</summary>
    public FrameSamplingMode Mode { get; }

    /// <summary>Gets n for <see cref="FrameSamplingMode.EveryNth"/> (1 otherwise).</summary>
    public int Step { get; }

    /// <summary>Gets the target rate in frames per second for <see cref="FrameSamplingMode.TargetRate"/> (0 otherwise).</summary>
    public double FramesPerSecond { get; }

    /// <summary>Gets K for <see cref="FrameSamplingMode.Uniform"/> (0 otherwise).</summary>
    public int Count { get; }

    /// <summary>
    /// Gets the threshold of <see cref="FrameSamplingMode.OnChange"/>: the mean absolute difference, in grey levels (0-255), between
    /// 32x32 grey thumbnails of a frame and of the last key frame above which the frame becomes a key frame (0 otherwise).
    /// </summary>
    public double ChangeThreshold { get; }

    /// <summary>Selects every n-th frame (indices 0, n, 2n ...).</summary>
    /// <param name="n">The step, at least 1.</param>
    /// <returns>The strategy.</returns>
    public static FrameSampling EveryNth(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        return new FrameSampling(FrameSamplingMode.EveryNth, n, 0, 0, 0);
    }

    /// <summary>Selects frames at a target rate: the first frame at or after each multiple of 1 / <paramref name="framesPerSecond"/> seconds.</summary>
    /// <param name="framesPerSecond">The rate in frames per second, positive; a rate above the video's keeps every frame.</param>
    /// <returns>The strategy.</returns>
    public static FrameSampling TargetRate(double framesPerSecond)
    {
        if (!(framesPerSecond > 0) || !double.IsFinite(framesPerSecond))
        {
            throw new ArgumentOutOfRangeException(nameof(framesPerSecond), framesPerSecond, "The rate must be a positive number.");
        }

        return new FrameSampling(FrameSamplingMode.TargetRate, 1, framesPerSecond, 0, 0);
    }

    /// <summary>Selects <paramref name="count"/> frames spread uniformly: the middle frame of each of K equal segments of the video.</summary>
    /// <param name="count">K, at least 1; a video with fewer frames gives all of them.</param>
    /// <returns>The strategy.</returns>
    /// <remarks>Uses the frame count from the metadata (exact except for files whose container has none, where it is estimated); if
    /// the video ends early, its last frame is added so no segment at the end is lost.</remarks>
    public static FrameSampling Uniform(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return new FrameSampling(FrameSamplingMode.Uniform, 1, 0, count, 0);
    }

    /// <summary>Selects key frames where the picture changes (see <see cref="ChangeThreshold"/>); the first frame is always a key frame.</summary>
    /// <param name="threshold">The mean absolute grey difference (0-255) above which a frame is a new key frame; default 8.</param>
    /// <returns>The strategy.</returns>
    public static FrameSampling OnChange(double threshold = 8)
    {
        if (!(threshold >= 0) || threshold > 255)
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The threshold must be in [0, 255].");
        }

        return new FrameSampling(FrameSamplingMode.OnChange, 1, 0, 0, threshold);
    }

    /// <inheritdoc />
    public override string ToString() => Mode switch
    {
        FrameSamplingMode.EveryNth => string.Create(CultureInfo.InvariantCulture, $"every {Step}th frame"),
        FrameSamplingMode.TargetRate => string.Create(CultureInfo.InvariantCulture, $"{FramesPerSecond:0.###} frames per second"),
        FrameSamplingMode.Uniform => string.Create(CultureInfo.InvariantCulture, $"{Count} uniform key frames"),
        FrameSamplingMode.OnChange => string.Create(CultureInfo.InvariantCulture, $"key frames on change > {ChangeThreshold:0.##}"),
        _ => "all frames",
    };
}
