namespace Customizable.Vlm.Video;

/// <summary>
/// How a profile's video references were given motion views (<see cref="VideoEncoderOptions.MotionFrameGap"/> and
/// <see cref="VideoEncoderOptions.MotionGain"/>), kept in the profile so that videos are inspected with the same motion views
/// (see <see cref="InspectionProfile.MotionViews"/>).
/// </summary>
/// <remarks>Immutable.</remarks>
public sealed record MotionViewSettings
{
    /// <summary>Initializes new settings.</summary>
    /// <param name="frameGap">The frame gap of motion views, in source frames; at least 1.</param>
    /// <param name="gain">The factor applied to the grey-level difference; finite and greater than 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">The gap is below 1 or the gain is not a finite number greater than 0.</exception>
    public MotionViewSettings(int frameGap, float gain)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frameGap, 1);
        if (!(gain > 0) || float.IsInfinity(gain))
        {
            throw new ArgumentOutOfRangeException(nameof(gain), gain, "The motion gain must be a finite number greater than 0.");
        }

        FrameGap = frameGap;
        Gain = gain;
    }

    /// <summary>Gets the frame gap: each sampled frame's motion view shows how it differs from the decoded frame this many source
    /// frames before it; at least 1.</summary>
    public int FrameGap { get; }

    /// <summary>Gets the factor applied to the grey-level difference (0..255) before it is clipped to 255; greater than 0.</summary>
    public float Gain { get; }
}
