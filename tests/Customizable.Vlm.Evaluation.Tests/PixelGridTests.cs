namespace Customizable.Vlm.Evaluation.Tests;

public class PixelGridTests
{
    [Fact]
    public void The_grid_keeps_the_aspect_ratio_and_never_enlarges()
    {
        Assert.Equal((192, 256), PixelGrid.Size(600, 800, 256));
        Assert.Equal((256, 128), PixelGrid.Size(1600, 800, 256));
        Assert.Equal((100, 50), PixelGrid.Size(100, 50, 256));
        Assert.Equal((600, 800), PixelGrid.Size(600, 800, 0));
    }

    [Fact]
    public void Maps_are_box_averaged_onto_the_grid()
    {
        float[] map =
        [
            1, 3, 0, 0,
            5, 7, 0, 4,
            2, 2, 1, 1,
            2, 2, 1, 1,
        ];

        Assert.Equal([4f, 1f, 2f, 1f], PixelGrid.Average(map, 4, 4, 2, 2));
    }

    [Fact]
    public void A_grid_pixel_is_anomalous_when_at_least_half_of_its_mask_pixels_are()
    {
        bool[] mask =
        [
            true, true, true, false,
            true, false, false, false,
            false, false, false, false,
            false, false, true, true,
        ];

        Assert.Equal([true, false, false, true], PixelGrid.Vote(mask, 4, 4, 2, 2));
    }
}
