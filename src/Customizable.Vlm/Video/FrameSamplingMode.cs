namespace Customizable.Vlm.Video;

/// <summary>How frames are chosen from a video; see <see cref="FrameSampling"/>.</summary>
public enum FrameSamplingMode
{
    /// <summary>Every frame.</summary>
    All,

    /// <summary>Every n-th frame, starting with the first.</summary>
    EveryNth,

    /// <summary>Frames at a target rate (the first frame at or after each tick of 1 / rate seconds).</summary>
    TargetRate,

    /// <summary>K frames spread uniformly over the video (the middle frame of each of K equal segments).</summary>
    Uniform,

    /// <summary>Key frames where the picture changed: the first frame, then every frame whose grey thumbnail differs from the last key frame by more than a threshold.</summary>
    OnChange,
}
