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

    /// <summary>
    /// Gets or sets the motion view: 0 (the default) for none; otherwise each chosen frame also becomes a motion view (slot
    /// <see cref="VideoEncoder.MotionSlot"/>, so it gets its own reference memory) showing how the frame differs from the decoded
    /// frame this many frames before it (source frames, not chosen frames): the absolute grey-level difference times
    /// <see cref="MotionGain"/>, white where the scene moved, black where it stood still. Frames near the start use the first frame.
    /// </summary>
    /// <remarks>Motion views double the backbone work per frame. Customize and inspect with the same setting: a profile built without
    /// motion views has no memory for them.</remarks>
    public int MotionFrameGap { get; set; }

    /// <summary>Gets or sets the factor applied to the grey-level difference (0..255) of motion views before it is clipped to 255;
    /// greater than 0. Default 4: a difference of 64 grey levels or more is white.</summary>
    public float MotionGain { get; set; } = 4f;

    /// <summary>Creates a deep copy of these options.</summary>
    /// <returns>The copy.</returns>
    public VideoEncoderOptions Clone() => new() { Decode = Decode.Clone(), Sampling = Sampling, MotionFrameGap = MotionFrameGap, MotionGain = MotionGain };
}
