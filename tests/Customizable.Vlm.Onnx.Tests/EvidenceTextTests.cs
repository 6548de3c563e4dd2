namespace Customizable.Vlm.Onnx.Tests;

public class EvidenceTextTests
{
    [Fact]
    public void An_anomalous_verdict_without_regions_does_not_claim_that_nothing_deviates()
    {
        string text = EvidenceText.Compose(anomalous: true, score: 0.57, referenceCount: 1, regions: [], ruleFindings: [], peakStrength: 1.11, peakWhere: "lower-left");

        Assert.StartsWith("Anomalous", text, StringComparison.Ordinal);
        Assert.DoesNotContain("No region deviates", text, StringComparison.Ordinal);
        Assert.Contains("lower-left", text, StringComparison.Ordinal);
        Assert.Contains("1.11x", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_normal_verdict_without_regions_says_that_nothing_deviates_and_where_the_largest_deviation_is()
    {
        string text = EvidenceText.Compose(anomalous: false, score: 0.2, referenceCount: 5, regions: [], ruleFindings: [], peakStrength: 0.8, peakWhere: "centre");

        Assert.StartsWith("Normal (score 0.20", text, StringComparison.Ordinal);
        Assert.Contains("No region deviates beyond the normal range of the 5 references", text, StringComparison.Ordinal);
        Assert.Contains("at the centre", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 0, "upper-left")]
    [InlineData(110, 110, "centre")]
    [InlineData(220, 110, "right side")]
    [InlineData(110, 220, "lower middle")]
    public void Positions_are_named_by_thirds_of_the_image(int x, int y, string expected)
    {
        Assert.Equal(expected, EvidenceText.Position(new PixelRect(x, y, 20, 20), 256, 256));
    }
}
