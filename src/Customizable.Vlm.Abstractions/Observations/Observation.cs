namespace Customizable.Vlm;

/// <summary>One thing to inspect or to use as a normal reference: an image, a point cloud or a video, before encoding to 2D views.</summary>
/// <remarks>
/// Observations describe where the data is (a file, bytes in memory, decoded pixels); they do not decode anything themselves.
/// An <see cref="IModalityEncoder"/> turns them into <see cref="EncodedView"/>s. Observations are immutable apart from
/// <see cref="AdditionalProperties"/>; share them across threads only if nobody mutates that dictionary.
/// </remarks>
public abstract class Observation
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="name">A human-readable name used in messages and reports (usually the file name); may be null.</param>
    protected Observation(string? name)
    {
        Name = name;
    }

    /// <summary>Gets the kind of data.</summary>
    public abstract ObservationModality Modality { get; }

    /// <summary>Gets a human-readable name used in messages and reports (usually the file name), or null.</summary>
    public string? Name { get; }

    /// <summary>Gets or sets caller-defined properties that travel with the observation (e.g. a part serial number).</summary>
    public IDictionary<string, object?>? AdditionalProperties { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"{Modality} '{Name ?? "<unnamed>"}'";
}
