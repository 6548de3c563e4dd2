namespace Customizable.Vlm.Video;

/// <summary>Settings of <see cref="VideoEncoder"/>: how videos are decoded and which frames become views.</summary>
/// <remarks>The encoder takes a copy (<see cref="Clone"/>) when it is created.</remarks>
public sealed class VideoEncoderOptions
{
    /// <summary>Gets or sets where ffmpeg lives and the decoding limits.</summary>
    public VideoDecodeOptions Decode { get; set; } = new();

    /// <summary>
    /// Gets or sets which frames become views. Default: 32 uniform key frames, so the number of views (and the memory they hold) is
    /// bounded however long the video is.
    /// </summary>
    public FrameSampling Sampling { get; set; } = FrameSampling.Uniform(32);

    /// <summary>Creates a deep copy of these options.</summary>
    /// <returns>The copy.</returns>
    public VideoEncoderOptions Clone() => new() { Decode = Decode.Clone(), Sampling = Sampling };
}
