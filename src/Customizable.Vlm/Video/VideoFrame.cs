namespace Customizable.Vlm.Video;

/// <summary>One decoded video frame with its place in time.</summary>
/// <param name="Index">Index of the frame in the source (0-based, display order); sampling keeps it.</param>
/// <param name="Timestamp">Presentation time of the frame, measured from the start of the video.</param>
/// <param name="Duration">
/// How long the frame stands for: one frame period (or the GIF frame delay) for decoded frames; after sampling, the time until the
/// next selected frame (the last one: until the end of the video).
/// </param>
/// <param name="Frame">The pixels: a tightly packed <see cref="PixelFormat.Rgb24"/> frame over a fresh array nobody else writes.</param>
public readonly record struct VideoFrame(int Index, TimeSpan Timestamp, TimeSpan Duration, RawFrame Frame)
{
    /// <summary>Gets the end of the interval the frame stands for (<see cref="Timestamp"/> + <see cref="Duration"/>).</summary>
    public TimeSpan End => Timestamp + Duration;
}
