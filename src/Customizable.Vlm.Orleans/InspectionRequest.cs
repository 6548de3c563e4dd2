namespace Customizable.Vlm.Orleans;

/// <summary>One image to inspect on the cluster: the profile's name and the image, as encoded bytes (PNG, JPEG, BMP, TIFF, ...) or as
/// a path every silo can read.</summary>
/// <remarks>Serialized by Orleans (<c>[GenerateSerializer]</c>): set exactly one of <see cref="Image"/> and <see cref="ImagePath"/>.
/// The request is not copied on the client; do not change it or its array while a call is in flight.</remarks>
[GenerateSerializer]
public sealed class InspectionRequest
{
    /// <summary>Gets or sets the name of the profile to inspect with (see <see cref="ProfileNames"/>).</summary>
    [Id(0)]
    public string ProfileName { get; set; } = string.Empty;

    /// <summary>Gets or sets the encoded image (the file's bytes, not decoded pixels), or null when <see cref="ImagePath"/> is set. The
    /// silo applies the usual image limits (size is checked before decoding).</summary>
    [Id(1)]
    public byte[]? Image { get; set; }

    /// <summary>Gets or sets the path of the image on storage the silos mount, under their
    /// <see cref="CvlmInspectionOptions.ImageDirectory"/> (relative paths are taken relative to it), or null when <see cref="Image"/> is
    /// set. Refused by silos without an image directory.</summary>
    [Id(2)]
    public string? ImagePath { get; set; }

    /// <summary>Gets or sets a name for the image in verdicts and errors (a file name, a camera frame id), or null.</summary>
    [Id(3)]
    public string? Name { get; set; }
}
