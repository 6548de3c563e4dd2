namespace Customizable.Vlm;

/// <summary>One panel of a composite image: which view it shows and where, at which scale.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
/// <param name="view">The view shown in the panel (its own pixels and provenance).</param>
/// <param name="bounds">Where the view's pixels lie in the composite, in composite pixels (labels and margins excluded).</param>
/// <param name="role">Whether the view is a normal reference or the query.</param>
/// <param name="label">The label drawn on the panel.</param>
public sealed class CompositeTile(EncodedView view, PixelRect bounds, PromptImageRole role, string label)
{
    /// <summary>Gets the view shown in the panel.</summary>
    public EncodedView View { get; } = Throw.IfNull(view);

    /// <summary>Gets where the view's pixels lie in the composite, in composite pixels; the view is scaled to fill exactly this box.</summary>
    public PixelRect Bounds { get; } = bounds;

    /// <summary>Gets whether the view is a normal reference or the query.</summary>
    public PromptImageRole Role { get; } = role;

    /// <summary>Gets the label drawn on the panel.</summary>
    public string Label { get; } = Throw.IfNull(label);
}
