namespace Customizable.Vlm;

/// <summary>
/// What a reasoner precomputes from the normal references once, at customization time (for example a memory bank of patch
/// features and a calibration), so that inspections do not repeat the work.
/// </summary>
/// <remarks>Immutable and thread-safe by contract. Made and read back by an <see cref="IReferenceModelBuilder"/>.</remarks>
public abstract class ReferenceModel
{
    /// <summary>Initializes a new instance.</summary>
    protected ReferenceModel()
    {
    }

    /// <summary>Gets the kind of model, equal to the builder's <see cref="IReferenceModelBuilder.ReferenceModelKind"/>.</summary>
    public abstract string Kind { get; }

    /// <summary>Gets the number of reference views the model was built from.</summary>
    public abstract int ReferenceCount { get; }
}
