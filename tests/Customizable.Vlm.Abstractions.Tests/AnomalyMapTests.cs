namespace Customizable.Vlm.Tests;

public class AnomalyMapTests
{
    [Fact]
    public void A_map_of_view_pixels_is_its_own_grid()
    {
        float[] values = [0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f];

        var map = new AnomalyMap(3, 2, values, viewIndex: 1);

        Assert.Same(values, map.Values);
        Assert.Same(values, map.GridValues);
        Assert.Equal((3, 2, 3, 2), (map.Width, map.Height, map.GridWidth, map.GridHeight));
        Assert.Equal((1.0, 1.0, 0.0, 0.0), (map.GridToView.ScaleX, map.GridToView.ScaleY, map.GridToView.OffsetX, map.GridToView.OffsetY));
        Assert.Equal(0.6f, map[2, 1]);
        Assert.Equal(1, map.ViewIndex);
    }

    [Fact]
    public void A_grid_twice_as_coarse_as_the_view_is_sampled_bilinearly_at_pixel_centres()
    {
        // Grid cell i covers view pixels 2i and 2i + 1; their centres sit a quarter cell either side of the cell centre.
        var map = new AnomalyMap([0f, 4f], 2, 1, new ImageProvenance(4, 1, scaleX: 2, scaleY: 1));

        Assert.Equal((4, 1), (map.Width, map.Height));
        Assert.Equal([0f, 1f, 3f, 4f], map.Values);
        Assert.Equal(3f, map[2, 0]);
    }

    [Fact]
    public void Inconsistent_sizes_and_pixels_outside_the_view_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new AnomalyMap(new float[5], 2, 3, ImageProvenance.Identity(4, 4)));
        Assert.Throws<ArgumentException>(() => new AnomalyMap(2, 2, new float[3]));
        var map = new AnomalyMap([1f], 1, 1, new ImageProvenance(3, 3, 3, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => map[3, 0]);
        Assert.Equal(1f, map[2, 2]);
    }
}
