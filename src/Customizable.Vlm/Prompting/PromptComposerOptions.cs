namespace Customizable.Vlm.Prompting;

/// <summary>Options of <see cref="DefaultPromptComposer"/>.</summary>
/// <remarks>A mutable options class; the composer copies it at construction. Use <see cref="Clone"/> to derive variants.</remarks>
public sealed class PromptComposerOptions
{
    /// <summary>Gets or sets the template used when the spec has none (<see cref="InspectionSpec.PromptTemplate"/>); defaults to
    /// <see cref="PromptTemplates.Default"/>.</summary>
    public PromptTemplate Template { get; set; } = PromptTemplates.Default;

    /// <summary>Gets or sets how views are arranged into images; defaults to <see cref="PromptImageLayout.Separate"/>.</summary>
    public PromptImageLayout Layout { get; set; } = PromptImageLayout.Separate;

    /// <summary>Gets or sets the longest side, in pixels, of every prompt image, in [32, 8192]; larger views and composites are
    /// downscaled (area average, aspect kept), smaller ones are never enlarged. Defaults to 1024.</summary>
    public int MaxImageSide { get; set; } = 1024;

    /// <summary>Gets or sets the number of columns of a <see cref="PromptImageLayout.Grid"/>, in [0, 64]; 0 (the default) picks
    /// <c>ceil(sqrt(n))</c> for n views.</summary>
    public int GridColumns { get; set; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> or <see cref="ArgumentNullException"/> when a value is invalid.
    /// (The template's placeholders are checked by <see cref="DefaultPromptComposer.Validate"/> at customization time.)</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Template, nameof(Template));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxImageSide, 32, nameof(MaxImageSide));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxImageSide, 8192, nameof(MaxImageSide));
        ArgumentOutOfRangeException.ThrowIfLessThan(GridColumns, 0, nameof(GridColumns));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(GridColumns, 64, nameof(GridColumns));
        if (!Enum.IsDefined(Layout))
        {
            throw new ArgumentOutOfRangeException(nameof(Layout), Layout, "Unknown layout.");
        }
    }

    /// <summary>Returns a copy (templates are immutable and shared).</summary>
    /// <returns>The copy.</returns>
    public PromptComposerOptions Clone() => (PromptComposerOptions)MemberwiseClone();
}
