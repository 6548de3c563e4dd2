namespace Customizable.Vlm;

/// <summary>One video frame placed in a view: where it sits in the view and which moment of the video it shows.</summary>
/// <param name="ViewRect">Where the frame sits in the view, in view pixels.</param>
/// <param name="FrameIndex">Index of the frame in the video (0-based, display order).</param>
/// <param name="Start">The frame's presentation time, from the start of the video.</param>
/// <param name="Duration">How long the frame is shown (one frame period, or the sampling interval it stands for).</param>
/// <param name="FrameWidth">Width of the original frame in pixels.</param>
/// <param name="FrameHeight">Height of the original frame in pixels.</param>
public readonly record struct VideoTile(PixelRect ViewRect, int FrameIndex, TimeSpan Start, TimeSpan Duration, int FrameWidth, int FrameHeight);
