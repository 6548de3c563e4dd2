using System.Globalization;
using System.Text;

namespace Customizable.Vlm.Onnx;

/// <summary>Builds the reasoning text of a measured verdict from its evidence only (never invented).</summary>
internal static class EvidenceText
{
    public static string Position(PixelRect box, int width, int height)
    {
        double cx = (box.X + (box.Width / 2.0)) / width;
        double cy = (box.Y + (box.Height / 2.0)) / height;
        string vertical = cy < 1.0 / 3 ? "upper" : cy > 2.0 / 3 ? "lower" : string.Empty;
        string horizontal = cx < 1.0 / 3 ? "left" : cx > 2.0 / 3 ? "right" : string.Empty;
        return (vertical, horizontal) switch
        {
            ("", "") => "centre",
            ("", _) => horizontal + " side",
            (_, "") => vertical + " middle",
            _ => vertical + "-" + horizontal,
        };
    }

    public static string Describe(AnomalyRegion region, double strength, int viewWidth, int viewHeight, int viewCount)
    {
        PixelRect b = region.Box;
        string where = Position(b, viewWidth, viewHeight);
        string view = viewCount > 1 ? string.Create(CultureInfo.InvariantCulture, $" of view {region.ViewIndex + 1}") : string.Empty;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{where}{view} (x {b.X}-{b.Right - 1}, y {b.Y}-{b.Bottom - 1} px), {region.AreaFraction * 100:0.##}% of the image, deviation {strength:0.00}x the decision threshold");
    }

    public static string Compose(bool anomalous, double score, int referenceCount, IReadOnlyList<AnomalyRegion> regions, IReadOnlyList<string> ruleFindings, double peakStrength, string peakWhere)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{(anomalous ? "Anomalous" : "Normal")} (score {score:0.00}; 0.50 is the threshold). ");
        if (regions.Count == 0 && anomalous)
        {
            // Flagged by its peak, but the part above the threshold is smaller than the smallest region reported.
            text.Append(CultureInfo.InvariantCulture, $"A deviation from the {referenceCount} normal reference{(referenceCount == 1 ? string.Empty : "s")} at the {peakWhere}, {peakStrength:0.00}x the decision threshold, exceeds the normal range over an area too small to outline as a region.");
        }
        else if (regions.Count == 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"No region deviates beyond the normal range of the {referenceCount} reference{(referenceCount == 1 ? string.Empty : "s")}; ");
            text.Append(CultureInfo.InvariantCulture, $"the largest deviation, at the {peakWhere}, is {Math.Min(peakStrength, 0.99):0.00}x the decision threshold.");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"{regions.Count} region{(regions.Count == 1 ? string.Empty : "s")} deviate{(regions.Count == 1 ? "s" : string.Empty)} from the {referenceCount} normal reference{(referenceCount == 1 ? string.Empty : "s")}: ");
            for (int i = 0; i < regions.Count; i++)
            {
                text.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? string.Empty : "; ")}{i + 1}) {regions[i].Description}");
            }

            text.Append('.');
        }

        foreach (string finding in ruleFindings)
        {
            text.Append(' ').Append(finding);
        }

        return text.ToString();
    }
}
