namespace Customizable.Vlm;

/// <summary>An image of a prompt: one encoded view (or a composite of several), marked as reference or query.</summary>
/// <param name="view">The view to show.</param>
/// <param name="role">Whether it is a normal reference or the query.</param>
/// <param name="label">How the prompt text refers to it, e.g. "Reference 1" or "Query".</param>
public sealed class ImagePromptPart(EncodedView view, PromptImageRole role, string? label = null) : PromptPart
{
    /// <summary>Gets the view to show.</summary>
    public EncodedView View { get; } = Throw.IfNull(view);

    /// <summary>Gets whether it is a normal reference or the query.</summary>
    public PromptImageRole Role { get; } = role;

    /// <summary>Gets how the prompt text refers to it, or null.</summary>
    public string? Label { get; } = label;

    /// <inheritdoc />
    public override string ToString() => $"[{Role} image] {Label ?? View.ToString()}";
}
