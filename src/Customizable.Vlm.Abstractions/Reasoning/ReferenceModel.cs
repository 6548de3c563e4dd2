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

    /// <summary>Gets what a reasoner must match to use this model (for example the backbone and feature settings), or null when any
    /// reasoner of the same <see cref="Kind"/> can. Saved in profile headers, so that a mismatch is reported when a profile is
    /// loaded rather than at the first inspection.</summary>
    public virtual string? Compatibility => null;

    /// <summary>Gets whether query views of <paramref name="slot"/> (<see cref="EncodedView.Slot"/>) can be compared with this model.
    /// A profile whose reference views have a slot its model does not cover is refused when it is loaded rather than at the first
    /// inspection. The default covers every slot.</summary>
    /// <param name="slot">The view slot.</param>
    /// <returns>True when the model holds what views of that slot are compared with.</returns>
    public virtual bool CoversSlot(int slot) => true;
}
