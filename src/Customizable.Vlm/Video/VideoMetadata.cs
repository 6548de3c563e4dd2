namespace Customizable.Vlm.Video;

/// <summary>What is known about a video before its frames are decoded (ffprobe for files, headers for GIF/TIFF, the listing for folders).</summary>
/// <param name="Width">Width of the decoded frames in pixels, rotation applied (as displayed).</param>
/// <param name="Height">Height of the decoded frames in pixels, rotation applied (as displayed).</param>
/// <param name="FramesPerSecond">Average frame rate in frames per second (greater than 0).</param>
/// <param name="Duration">Duration of the video from its first frame's start to its last frame's end.</param>
/// <param name="FrameCount">Number of frames: exact for GIF, TIFF, folders and in-memory frames; for files, the container's count or, when it has none, duration x frame rate rounded.</param>
/// <param name="Rotation">Display rotation in degrees, clockwise, one of 0, 90, 180, 270 (already applied to the decoded frames).</param>
/// <param name="Codec">The codec or format name (for example <c>h264</c>, <c>gif</c>, <c>tiff</c>, <c>image-sequence</c>, <c>frames</c>).</param>
public sealed record VideoMetadata(int Width, int Height, double FramesPerSecond, TimeSpan Duration, long FrameCount, int Rotation, string Codec)
{
    /// <summary>Gets one frame period (1 / <see cref="FramesPerSecond"/>).</summary>
    public TimeSpan FramePeriod => TimeSpan.FromSeconds(1.0 / FramesPerSecond);
}
