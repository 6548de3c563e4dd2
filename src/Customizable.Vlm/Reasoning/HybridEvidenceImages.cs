namespace Customizable.Vlm.Reasoning;

/// <summary>Which images of the measured evidence a <see cref="HybridReasoner"/> adds to the explainer's prompt.</summary>
[Flags]
public enum HybridEvidenceImages
{
    /// <summary>No image: the measured evidence is given as text only.</summary>
    None = 0,

    /// <summary>The query view with the measured anomaly map blended over it as a heat map, regions outlined in white
    /// (see <see cref="Imaging.AnomalyMapOverlay"/>).</summary>
    HeatMapOverlay = 1,

    /// <summary>A close-up of the query around the strongest region (the region's box grown by half its size on every side,
    /// at least 64 pixels wide and high where the view allows).</summary>
    RegionCrop = 2,
}
