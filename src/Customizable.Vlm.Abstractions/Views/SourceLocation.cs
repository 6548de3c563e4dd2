namespace Customizable.Vlm;

/// <summary>Where a finding lies in the original observation, in that observation's own coordinates.</summary>
/// <remarks>See <see cref="ImageRegionLocation"/> (image pixels), <see cref="PointSetLocation"/> (point indices) and
/// <see cref="TimeRangeLocation"/> (video time).</remarks>
public abstract class SourceLocation
{
    /// <summary>Initializes a new instance.</summary>
    protected SourceLocation()
    {
    }

    /// <summary>Gets the modality of the source this location refers to.</summary>
    public abstract ObservationModality Modality { get; }
}
