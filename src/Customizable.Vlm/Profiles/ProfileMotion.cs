namespace Customizable.Vlm.Profiles;

/// <summary>The motion views of a profile's video references in its JSON header (version 3; see <see cref="Video.MotionViewSettings"/>).</summary>
internal sealed class ProfileMotion
{
    public int FrameGap { get; set; }

    public float Gain { get; set; }
}
