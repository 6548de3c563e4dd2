namespace Customizable.Vlm.Prompting;

/// <summary>Options of <see cref="DefaultPromptComposer"/>.</summary>
/// <remarks>A mutable options class; the composer copies it at construction. Use <see cref="Clone"/> to derive variants.</remarks>
public sealed class PromptComposerOptions
{
    /// <summary>The default of <see cref="MaxImageSide"/>, in pixels.</summary>
    public const int DefaultMaxImageSide = 1024;

    /// <summary>The lowest value a longest-side limit (<see cref="MaxImageSide"/> and the like) may take, in pixels.</summary>
    internal const int SmallestImageSide = 32;

    /// <summary>The highest value a longest-side limit may take, in pixels.</summary>
    internal const int LargestImageSide = 8192;

    /// <summary>Gets or sets the template used when the spec has none (<see cref="InspectionSpec.PromptTemplate"/>); defaults to
    /// <see cref="PromptTemplates.Default"/>.</summary>
    public PromptTemplate Template { get; set; } = PromptTemplates.Default;

    /// <summary>Gets or sets how views are arranged into images; defaults to <see cref="PromptImageLayout.Separate"/>.</summary>
    public PromptImageLayout Layout { get; set; } = PromptImageLayout.Separate;

    /// <summary>Gets or sets the longest side, in pixels, of every prompt image, in [32, 8192]; larger views and composites are
    /// downscaled (area average, aspect kept), smaller ones are never enlarged. Defaults to 1024.</summary>
    public int MaxImageSide { get; set; } = DefaultMaxImageSide;

    /// <summary>Gets or sets the number of columns of a <see cref="PromptImageLayout.Grid"/>, in [0, 64]; 0 (the default) picks
    /// <c>ceil(sqrt(n))</c> for n views.</summary>
    public int GridColumns { get; set; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> or <see cref="ArgumentNullException"/> when a value is invalid.
    /// (The template's placeholders are checked by <see cref="DefaultPromptComposer.Validate"/> at customization time.)</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Template, nameof(Template));
        ValidateImageSide(MaxImageSide, nameof(MaxImageSide));
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

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless a longest-side limit is in [32, 8192] pixels.</summary>
    internal static void ValidateImageSide(int value, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, SmallestImageSide, name);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, LargestImageSide, name);
    }
}
