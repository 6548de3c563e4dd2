namespace Customizable.Vlm;

/// <summary>The score of one inspected video frame.</summary>
/// <param name="FrameIndex">The frame's index in the video (0-based, display order).</param>
/// <param name="Start">The frame's presentation time, from the start of the video.</param>
/// <param name="Duration">The time the frame stands for (up to the next inspected frame).</param>
/// <param name="Score">The frame's own score in [0, 1].</param>
/// <param name="SmoothedScore">The score averaged over neighbouring inspected frames, in [0, 1]; what decides (0.5 is the threshold).</param>
public readonly record struct FrameScore(int FrameIndex, TimeSpan Start, TimeSpan Duration, double Score, double SmoothedScore);
