namespace Customizable.Vlm.Evaluation.Reporting;

/// <summary>Options of <see cref="HtmlReportWriter"/>.</summary>
/// <remarks>A mutable options class: configure it, then hand it over (the writer keeps a validated copy).</remarks>
public sealed class HtmlReportOptions
{
    /// <summary>Gets or sets how many of the worst false negatives and of the worst false positives are shown with images, 0 to 50.
    /// Defaults to 6 each.</summary>
    public int WorstCount { get; set; } = 6;

    /// <summary>Gets or sets the longer side of the embedded images in pixels, 32 to 1024 (bounds the report's size: about
    /// 100 KB per 256-pixel image). Defaults to 256.</summary>
    public int ThumbnailSize { get; set; } = 256;

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(WorstCount, nameof(WorstCount));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(WorstCount, 50, nameof(WorstCount));
        ArgumentOutOfRangeException.ThrowIfLessThan(ThumbnailSize, 32, nameof(ThumbnailSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ThumbnailSize, 1024, nameof(ThumbnailSize));
    }

    /// <summary>Returns a copy.</summary>
    /// <returns>The copy.</returns>
    public HtmlReportOptions Clone() => (HtmlReportOptions)MemberwiseClone();
}
