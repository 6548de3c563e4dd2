namespace Customizable.Vlm.Profiles;

/// <summary>A reference view as stored in a profile header (pixels follow in the payload, tightly packed RGB).</summary>
internal sealed class ProfileView
{
    public string? Label { get; set; }

    public string? SourceName { get; set; }

    public int Width { get; set; }

    public int Height { get; set; }

    public int SourceWidth { get; set; }

    public int SourceHeight { get; set; }

    public double ScaleX { get; set; } = 1;

    public double ScaleY { get; set; } = 1;

    public double OffsetX { get; set; }

    public double OffsetY { get; set; }
}
