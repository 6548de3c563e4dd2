using Customizable.Vlm.Imaging;
using Customizable.Vlm.PointClouds;
using Customizable.Vlm.Video;

namespace Customizable.Vlm.Cli.Inputs;

/// <summary>The encoders and the frame reader of one command, with ffmpeg found on PATH or at <c>--ffmpeg</c>.</summary>
/// <param name="FfmpegPath">The ffmpeg executable given by <c>--ffmpeg</c>, or null to search PATH (ffprobe is looked for beside it, then on PATH).</param>
/// <param name="MotionGap">Motion views of video frames: the frame gap, or 0 for none (<see cref="VideoEncoderOptions.MotionFrameGap"/>).</param>
internal sealed record VideoInputs(string? FfmpegPath, int MotionGap = 0)
{
    private VideoDecodeOptions Decode => new() { FfmpegPath = FfmpegPath is null ? null : Path.GetFullPath(FfmpegPath) };

    /// <summary>A frame reader with these settings (for probing inputs).</summary>
    public VideoFrameReader Reader() => new(Decode);

    /// <summary>The inspector's encoders: images, videos (these settings) and point clouds.</summary>
    public IModalityEncoder[] Encoders() => [new ImageEncoder(), new VideoEncoder(new VideoEncoderOptions { Decode = Decode, MotionFrameGap = MotionGap }), new PointCloudEncoder()];
}
