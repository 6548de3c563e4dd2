namespace Customizable.Vlm;

/// <summary>One statement of what a good part looks like or which defects matter, optionally with a machine-checkable part.</summary>
/// <remarks>The <see cref="Text"/> always goes into prompts; reasoners that measure (the embedded default) also apply the machine checks
/// and report which rules a finding touches.</remarks>
public sealed class NormalityRule
{
    /// <summary>Initializes a new rule.</summary>
    /// <param name="text">The rule as an expert would write it, e.g. "Scratches shorter than 2 mm are acceptable."</param>
    public NormalityRule(string text)
    {
        Text = Throw.IfNullOrWhiteSpace(text);
    }

    /// <summary>Gets the rule's text.</summary>
    public string Text { get; }

    /// <summary>Gets or sets an optional identifier used in reports.</summary>
    public string? Id { get; set; }

    /// <summary>Gets or sets the largest tolerated area of one finding, as a fraction in (0, 1] of the area of the view it was found in
    /// (the image for images, the rendered view for point clouds, the frame for videos); null for no check. A finding larger than
    /// this makes the rule "violated"; smaller findings are reported but tolerated. Checked by measuring reasoners (the embedded
    /// default); vision-language reasoners read the rule's text.</summary>
    public double? MaxDefectAreaFraction { get; set; }

    /// <summary>Gets or sets regions to ignore, in source image pixels (e.g. a label area that varies between good parts); null for none.
    /// They apply to image observations only: customizing or inspecting a point cloud or a video with them raises
    /// <see cref="CustomizableVlmException"/> rather than skipping them.</summary>
    public IList<PixelRect>? IgnoreRegions { get; set; }

    /// <summary>Returns a copy whose lists can be changed independently.</summary>
    /// <returns>The copy.</returns>
    public NormalityRule Clone() => new(Text)
    {
        Id = Id,
        MaxDefectAreaFraction = MaxDefectAreaFraction,
        IgnoreRegions = IgnoreRegions is null ? null : [.. IgnoreRegions],
    };

    /// <inheritdoc />
    public override string ToString() => Text;
}
