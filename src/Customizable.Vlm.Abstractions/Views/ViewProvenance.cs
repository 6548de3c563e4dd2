namespace Customizable.Vlm;

/// <summary>How the pixels of a 2D view map back to the observation it was made from.</summary>
/// <remarks>Implementations are immutable and thread-safe. See <see cref="ImageProvenance"/>, <see cref="PointCloudViewProvenance"/>
/// and <see cref="VideoProvenance"/>.</remarks>
public abstract class ViewProvenance
{
    /// <summary>Initializes a new instance.</summary>
    protected ViewProvenance()
    {
    }

    /// <summary>Gets the modality of the source observation.</summary>
    public abstract ObservationModality SourceModality { get; }

    /// <summary>Maps a region found in the view back to the source observation's own coordinates.</summary>
    /// <param name="viewBox">The region's box in view pixels.</param>
    /// <param name="viewMask">The region's mask in view pixels (its bounds inside <paramref name="viewBox"/>), or null for the whole box.</param>
    /// <returns>The location in the source: image pixels, point indices or a time span.</returns>
    public abstract SourceLocation MapToSource(PixelRect viewBox, RegionMask? viewMask = null);
}
