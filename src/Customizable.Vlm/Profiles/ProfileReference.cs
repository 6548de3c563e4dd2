namespace Customizable.Vlm.Profiles;

/// <summary>A reference view's description as stored in a profile header (version 2).</summary>
internal sealed class ProfileReference
{
    public string? SourceName { get; set; }

    public string? Label { get; set; }

    public int Slot { get; set; }

    public ObservationModality Modality { get; set; }

    public int Width { get; set; }

    public int Height { get; set; }
}
