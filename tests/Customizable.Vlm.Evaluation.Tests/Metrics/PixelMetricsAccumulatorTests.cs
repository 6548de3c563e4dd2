using Customizable.Vlm.Evaluation.Metrics;

namespace Customizable.Vlm.Evaluation.Tests.Metrics;

public class PixelMetricsAccumulatorTests
{
    [Fact]
    public void Pixel_auroc_counts_tied_pixels_as_one_half()
    {
        var pixels = new PixelMetricsAccumulator();
        // Anomalous 0.9 and 0.5, normal 0.1 and 0.5: 1 + 1 + 1 + 1/2 of 4 pairs.
        pixels.Add([0.1f, 0.9f, 0.5f, 0.5f], [false, true, false, true], 2, 2);

        Assert.Equal(0.875, pixels.Compute().Auroc);
    }

    [Fact]
    public void Au_pro_of_a_map_that_separates_every_region_is_one()
    {
        var pixels = new PixelMetricsAccumulator();
        pixels.Add([0.9f, 0.8f, 0.1f, 0.2f], [true, true, false, false], 4, 1);
        pixels.Add([0.1f, 0.7f, 0.3f, 0.05f], [false, true, false, false], 4, 1);

        PixelMetrics metrics = pixels.Compute();

        Assert.Equal(1.0, metrics.AuPro!.Value, 12);
        Assert.Equal(1.0, metrics.Auroc);
        Assert.Equal(2, metrics.RegionCount);
        Assert.Equal(8, metrics.PixelCount);
    }

    [Fact]
    public void Au_pro_averages_regions_not_pixels_and_is_integrated_to_the_fpr_limit()
    {
        var pixels = new PixelMetricsAccumulator();
        // Image A: region r1 = {0.9, 0.8}; image B: region r2 = {0.3}. Normal pixels 0.1, 0.2, 0.7, 0.6, 0.05 (N = 5).
        pixels.Add([0.9f, 0.8f, 0.1f, 0.2f], [true, true, false, false], 4, 1);
        pixels.Add([0.7f, 0.3f, 0.6f, 0.05f], [false, true, false, false], 4, 1);

        // Curve (FPR, PRO): (0, 0.5) after 0.8; (0.2, 0.5) after 0.7; (0.4, 0.5) after 0.6; (0.4, 1) after 0.3; then to (1, 1).
        // Up to 0.3: 0.3 * 0.5 = 0.15, normalised 0.5. Up to 1: 0.4 * 0.5 + 0.6 * 1 = 0.8.
        Assert.Equal(0.5, pixels.Compute(0.3).AuPro!.Value, 12);
        Assert.Equal(0.8, pixels.Compute(1.0).AuPro!.Value, 12);

        // Pixel AUROC: 0.9 and 0.8 beat all 5 normals, 0.3 beats 3: 13 of 15.
        Assert.Equal(13.0 / 15.0, pixels.Compute().Auroc!.Value, 12);
    }

    [Fact]
    public void A_tie_between_region_and_normal_pixels_is_a_diagonal_step()
    {
        var pixels = new PixelMetricsAccumulator();
        pixels.Add([0.5f, 0.5f], [true, false], 2, 1);

        // One step from (0, 0) to (1, 1): PRO at FPR 0.3 is 0.3, area 0.3 * 0.3 / 2 = 0.045, normalised 0.15.
        PixelMetrics metrics = pixels.Compute(0.3);
        Assert.Equal(0.15, metrics.AuPro!.Value, 12);
        Assert.Equal(0.5, metrics.Auroc);
    }

    [Fact]
    public void Regions_are_eight_connected_within_one_image()
    {
        var diagonal = new PixelMetricsAccumulator();
        diagonal.Add(new float[9], [true, false, false, false, true, false, false, false, false], 3, 3);
        var apart = new PixelMetricsAccumulator();
        apart.Add(new float[9], [true, false, true, false, false, false, false, false, false], 3, 3);
        var wrap = new PixelMetricsAccumulator();
        wrap.Add(new float[6], [false, false, true, true, false, false], 3, 2); // (2,0) and (0,1) touch only across the row end

        Assert.Equal(1, diagonal.RegionCount);
        Assert.Equal(2, apart.RegionCount);
        Assert.Equal(2, wrap.RegionCount);
    }

    [Fact]
    public void Metrics_are_null_when_no_pixel_is_anomalous_or_nothing_was_added()
    {
        var normalOnly = new PixelMetricsAccumulator();
        normalOnly.Add([0.1f, 0.7f], [false, false], 2, 1);
        PixelMetrics metrics = normalOnly.Compute();

        Assert.Null(metrics.Auroc);
        Assert.Null(metrics.AuPro);
        Assert.Null(new PixelMetricsAccumulator().Compute().Auroc);
    }

    [Fact]
    public void Metrics_are_null_when_every_pixel_is_anomalous()
    {
        var allAnomalous = new PixelMetricsAccumulator();
        allAnomalous.Add([0.1f, 0.7f], [true, true], 2, 1);

        Assert.Null(allAnomalous.Compute().Auroc);
        Assert.Null(allAnomalous.Compute().AuPro);
    }

    [Fact]
    public void Bad_sizes_nan_scores_and_limits_are_rejected()
    {
        var pixels = new PixelMetricsAccumulator();

        Assert.Throws<ArgumentException>(() => pixels.Add([0.1f], [false, true], 2, 1));
        Assert.Throws<ArgumentException>(() => pixels.Add([0.1f, float.NaN], [false, true], 2, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => pixels.Compute(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => pixels.Compute(1.5));
    }
}
