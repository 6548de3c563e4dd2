namespace Customizable.Vlm.Profiles;

/// <summary>A normality rule as stored in a profile header.</summary>
internal sealed class ProfileRule
{
    public string? Text { get; set; } = string.Empty;

    public string? Id { get; set; }

    public double? MaxDefectAreaFraction { get; set; }

    public List<int[]>? IgnoreRegions { get; set; }
}
