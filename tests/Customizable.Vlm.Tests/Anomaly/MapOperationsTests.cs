using Customizable.Vlm.Anomaly;

namespace Customizable.Vlm.Tests.Anomaly;

public class MapOperationsTests
{
    [Fact]
    public void Two_separate_blobs_are_two_components_with_their_boxes()
    {
        float[] map = new float[10 * 6];
        map[(1 * 10) + 1] = 1;
        map[(2 * 10) + 2] = 0.9f; // diagonal neighbour: same component under 8-connectivity
        map[(4 * 10) + 7] = 0.7f;
        map[(4 * 10) + 8] = 0.7f;

        IReadOnlyList<MapComponent> components = ConnectedComponents.Find(map, 10, 6, 0.5f);

        Assert.Equal(2, components.Count);
        Assert.Equal(new PixelRect(1, 1, 2, 2), components[0].Box);
        Assert.Equal(2, components[0].PixelCount);
        Assert.Equal(1f, components[0].Peak);
        Assert.Equal(new PixelRect(7, 4, 2, 1), components[1].Box);
        Assert.True(components[0].Mask.Contains(2, 2));
        Assert.False(components[0].Mask.Contains(2, 1));
    }

    [Fact]
    public void Components_smaller_than_the_minimum_are_dropped()
    {
        float[] map = new float[16];
        map[5] = 1;

        Assert.Empty(ConnectedComponents.Find(map, 4, 4, 0.5f, minPixels: 2));
    }

    [Fact]
    public void Blurring_preserves_the_mass_of_an_interior_impulse_and_is_symmetric()
    {
        float[] map = new float[21 * 21];
        map[(10 * 21) + 10] = 1;

        GaussianBlur.Apply(map, 21, 21, 2);

        Assert.Equal(1.0, map.Sum(), 3);
        Assert.Equal(map[(10 * 21) + 8], map[(10 * 21) + 12], 6);
        Assert.Equal(map[(8 * 21) + 10], map[(10 * 21) + 8], 6);
        Assert.True(map[(10 * 21) + 10] > map[(10 * 21) + 11]);
    }

    [Fact]
    public void Resampling_a_linear_ramp_stays_linear_inside()
    {
        float[] ramp = [0, 1, 2, 3];
        float[] up = new float[8];

        MapResampler.Resample(ramp, 4, 1, up, 8, 1, 0.5, 1);

        // Destination pixel x samples source x = (x + 0.5) * 0.5 - 0.5, clamped.
        Assert.Equal(0f, up[0]);
        Assert.Equal(0.25f, up[1], 5);
        Assert.Equal(2.75f, up[6], 5);
        Assert.Equal(3f, up[7]);
    }

    [Fact]
    public void Calibration_puts_the_threshold_at_one_half_and_orders_scores()
    {
        var calibration = ScoreCalibration.Fit([1.0, 1.2, 0.9, 1.1], margin: 1);

        Assert.Equal(0.5, calibration.Calibrate(calibration.Threshold), 9);
        Assert.True(calibration.Calibrate(1.2) < 0.5);
        Assert.True(calibration.Calibrate(3) > 0.9);
        Assert.True(calibration.Calibrate(0.5) < calibration.Calibrate(0.6));
        Assert.True(calibration.Threshold > 1.2);
    }

    [Fact]
    public void Calibration_needs_at_least_one_finite_normal_score()
    {
        Assert.Throws<ArgumentException>(() => ScoreCalibration.Fit([], 1));
        Assert.Throws<ArgumentException>(() => ScoreCalibration.Fit([double.NaN], 1));
    }

    [Fact]
    public void Vectorised_calibration_of_a_map_agrees_with_the_scalar_formula()
    {
        var calibration = ScoreCalibration.Fit([1.0, 1.2, 0.9, 1.1], margin: 1);
        float[] values = [.. Enumerable.Range(0, 301).Select(i => i / 100f)];
        float[] calibrated = values.ToArray();

        calibration.CalibrateInPlace(calibrated);

        for (int i = 0; i < values.Length; i++)
        {
            Assert.Equal(calibration.Calibrate(values[i]), calibrated[i], 5);
        }
    }

    [Fact]
    public void Consecutive_searches_do_not_see_each_others_labels()
    {
        // The scratch arrays are pooled: a large map full of regions, then a small one, must both be labelled afresh.
        float[] full = new float[64 * 64];
        Array.Fill(full, 1f);
        float[] small = new float[5 * 5];
        small[6] = 1;
        small[18] = 1;

        IReadOnlyList<MapComponent> first = ConnectedComponents.Find(full, 64, 64, 0.5f);
        IReadOnlyList<MapComponent> second = ConnectedComponents.Find(small, 5, 5, 0.5f);

        Assert.Equal(64 * 64, Assert.Single(first).PixelCount);
        Assert.Equal(2, second.Count);
        Assert.All(second, c => Assert.Equal(1, c.PixelCount));
    }

    [Theory]
    [InlineData(224, 224, 900, 900, 900.0 / 224, 900.0 / 224, 0, 0)]
    [InlineData(224, 224, 256, 160, 256.0 / 224, 256.0 / 224, 0, -48)]
    [InlineData(10, 6, 7, 13, 0.8, 2.5, 1.5, -0.25)]
    public void A_map_on_a_coarse_grid_samples_view_pixels_as_the_bilinear_resampler_does(int gridWidth, int gridHeight, int width, int height, double scaleX, double scaleY, double offsetX, double offsetY)
    {
        var random = new Random(gridWidth * height);
        float[] grid = [.. Enumerable.Range(0, gridWidth * gridHeight).Select(_ => random.NextSingle())];
        var gridToView = new ImageProvenance(width, height, scaleX, scaleY, offsetX, offsetY);
        float[] expected = new float[width * height];
        MapResampler.Resample(grid, gridWidth, gridHeight, expected, width, height, 1 / scaleX, 1 / scaleY, -offsetX / scaleX, -offsetY / scaleY);

        var map = new AnomalyMap(grid, gridWidth, gridHeight, gridToView);
        float probe = map[width / 2, height - 1];

        Assert.Equal((width, height), (map.Width, map.Height));
        Assert.Equal(expected[((height - 1) * width) + (width / 2)], probe);
        Assert.Equal(expected, map.Values);
        Assert.Same(map.Values, map.Values);
        Assert.Same(grid, map.GridValues);
    }
}
