namespace Customizable.Vlm;

/// <summary>A span of time of the original video, with the frames it covers and, when known, the box within those frames.</summary>
/// <param name="start">The start of the span, from the start of the video.</param>
/// <param name="end">The end of the span (exclusive), from the start of the video.</param>
/// <param name="firstFrame">Index of the first frame covered (0-based, display order).</param>
/// <param name="lastFrame">Index of the last frame covered (inclusive).</param>
/// <param name="frameBox">The region within the frames, in original frame pixels, or null when unknown.</param>
public sealed class TimeRangeLocation(TimeSpan start, TimeSpan end, int firstFrame, int lastFrame, PixelRect? frameBox = null) : SourceLocation
{
    /// <inheritdoc />
    public override ObservationModality Modality => ObservationModality.Video;

    /// <summary>Gets the start of the span, from the start of the video.</summary>
    public TimeSpan Start { get; } = start;

    /// <summary>Gets the end of the span (exclusive).</summary>
    public TimeSpan End { get; } = end;

    /// <summary>Gets the index of the first frame covered.</summary>
    public int FirstFrame { get; } = firstFrame;

    /// <summary>Gets the index of the last frame covered (inclusive).</summary>
    public int LastFrame { get; } = lastFrame;

    /// <summary>Gets the region within the frames in original frame pixels, or null.</summary>
    public PixelRect? FrameBox { get; } = frameBox;

    /// <inheritdoc />
    public override string ToString() => $"t={Start.TotalSeconds:0.###}s..{End.TotalSeconds:0.###}s (frames {FirstFrame}-{LastFrame})";
}
