using Customizable.Vlm.Evaluation.Metrics;

namespace Customizable.Vlm.Evaluation.Tests.Metrics;

public class MapHitTests
{
    // A 4x2 grid; the mask marks the two right-hand pixels of the top row.
    private static readonly bool[] Mask = [false, false, true, true, false, false, false, false];

    [Fact]
    public void A_maximum_inside_the_mask_is_a_hit()
    {
        float[] map = [0.1f, 0.2f, 0.9f, 0.3f, 0.1f, 0.1f, 0.1f, 0.1f];

        Assert.Equal(1.0, MapHit.Of(map, Mask));
    }

    [Fact]
    public void A_maximum_outside_the_mask_is_a_miss_however_warm_the_mask_is()
    {
        float[] map = [0.1f, 0.2f, 0.8f, 0.8f, 0.95f, 0.1f, 0.1f, 0.1f];

        Assert.Equal(0.0, MapHit.Of(map, Mask));
    }

    [Fact]
    public void Tied_maxima_count_the_fraction_of_them_inside_the_mask()
    {
        float[] oneOfFour = [0.5f, 0.1f, 0.5f, 0.1f, 0.1f, 0.5f, 0.1f, 0.5f];
        float[] flat = [0.3f, 0.3f, 0.3f, 0.3f, 0.3f, 0.3f, 0.3f, 0.3f];
        float[] bothInside = [0.1f, 0.1f, 0.7f, 0.7f, 0.1f, 0.1f, 0.1f, 0.1f];

        Assert.Equal(0.25, MapHit.Of(oneOfFour, Mask));
        Assert.Equal(0.25, MapHit.Of(flat, Mask)); // a flat map scores the mask's area share, not a lucky first pixel
        Assert.Equal(1.0, MapHit.Of(bothInside, Mask));
    }

    [Fact]
    public void An_image_whose_mask_marks_no_pixel_is_not_counted()
    {
        float[] map = [0.9f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f];

        Assert.Null(MapHit.Of(map, new bool[8]));
    }

    [Fact]
    public void NaN_values_are_skipped_and_a_map_of_only_NaN_is_not_counted()
    {
        float[] map = [float.NaN, 0.1f, 0.4f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f];
        float[] nothing = [.. Enumerable.Repeat(float.NaN, 8)];

        Assert.Equal(1.0, MapHit.Of(map, Mask));
        Assert.Null(MapHit.Of(nothing, Mask));
    }

    [Fact]
    public void A_map_and_mask_of_different_lengths_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => MapHit.Of(new float[7], Mask));
    }
}
