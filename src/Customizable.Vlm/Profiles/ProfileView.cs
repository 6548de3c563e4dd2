namespace Customizable.Vlm.Profiles;

/// <summary>A stored reference view in a profile header. Version 1: tightly packed RGB pixels follow in the payload. Version 2: a
/// PNG of <see cref="ImageBytes"/> bytes follows, then <see cref="IndexMapBytes"/> bytes of a deflated pixel-to-point map for
/// point-cloud views.</summary>
internal sealed class ProfileView
{
    public string? Label { get; set; }

    public string? SourceName { get; set; }

    public int Width { get; set; }

    public int Height { get; set; }

    public int Slot { get; set; }

    public int Index { get; set; }

    /// <summary>"image", "video" or "point-cloud" (version 2); absent in version 1, where every view is an image's.</summary>
    public string? ProvenanceKind { get; set; }

    public int SourceWidth { get; set; }

    public int SourceHeight { get; set; }

    public double ScaleX { get; set; } = 1;

    public double ScaleY { get; set; } = 1;

    public double OffsetX { get; set; }

    public double OffsetY { get; set; }

    /// <summary>Video tiles: x, y, width, height, frame index, start ticks, duration ticks, frame width, frame height.</summary>
    public List<long[]>? Tiles { get; set; }

    /// <summary>Point-cloud views: the camera's name.</summary>
    public string? ViewName { get; set; }

    /// <summary>Point-cloud views: the 16 values of the cloud-to-view matrix, row-major.</summary>
    public float[]? CloudToView { get; set; }

    public int ImageBytes { get; set; }

    public int IndexMapBytes { get; set; }
}
