namespace Customizable.Vlm;

/// <summary>A region of the original image, in its pixels (after EXIF orientation was applied), with an optional mask.</summary>
/// <param name="box">The region's bounding box in original image pixels.</param>
/// <param name="mask">The region's mask in original image pixels, or null when only the box is known.</param>
public sealed class ImageRegionLocation(PixelRect box, RegionMask? mask = null) : SourceLocation
{
    /// <inheritdoc />
    public override ObservationModality Modality => ObservationModality.Image;

    /// <summary>Gets the bounding box in original image pixels.</summary>
    public PixelRect Box { get; } = box;

    /// <summary>Gets the mask in original image pixels, or null.</summary>
    public RegionMask? Mask { get; } = mask;

    /// <inheritdoc />
    public override string ToString() => $"image pixels x={Box.X} y={Box.Y} w={Box.Width} h={Box.Height}";
}
