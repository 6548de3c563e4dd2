using System.Numerics;

namespace Customizable.Vlm.Tests;

public class ProvenanceTests
{
    [Fact]
    public void A_downscaled_view_box_maps_to_the_covering_source_box()
    {
        // 224x224 view of a 896x448 image stretched: 4 source px per view px horizontally, 2 vertically.
        var provenance = new ImageProvenance(896, 448, 4, 2);

        var location = Assert.IsType<ImageRegionLocation>(provenance.MapToSource(new PixelRect(10, 20, 5, 3)));

        Assert.Equal(new PixelRect(40, 40, 20, 6), location.Box);
    }

    [Fact]
    public void Letterbox_padding_is_clipped_away()
    {
        // 800x1600 image letterboxed into 224x224: scale 1600/224, content starts at view x = 56.
        double s = 1600.0 / 224;
        var provenance = new ImageProvenance(800, 1600, s, s, -56 * s, 0);

        var padding = (ImageRegionLocation)provenance.MapToSource(new PixelRect(0, 0, 50, 224));
        var content = (ImageRegionLocation)provenance.MapToSource(new PixelRect(50, 0, 20, 10));

        Assert.True(padding.Box.IsEmpty);
        Assert.Equal(0, content.Box.X);
        Assert.Equal((int)Math.Ceiling(14 * s), content.Box.Width);
    }

    [Fact]
    public void Composed_mappings_equal_the_mapping_of_the_composition()
    {
        var first = new ImageProvenance(1000, 1000, 2, 2, 100, 50);
        ImageProvenance composed = first.Then(0.5, 0.5, 10, 20);

        Assert.Equal(first.MapPoint(10 + (3 * 0.5), 20 + (7 * 0.5)), composed.MapPoint(3, 7));
    }

    [Fact]
    public void A_view_mask_is_resampled_into_source_pixels()
    {
        var provenance = new ImageProvenance(20, 20, 2, 2);
        var mask = new RegionMask(new PixelRect(2, 2, 2, 1), new byte[] { 1, 0 });

        var location = (ImageRegionLocation)provenance.MapToSource(new PixelRect(2, 2, 2, 1), mask);

        Assert.NotNull(location.Mask);
        Assert.Equal(new PixelRect(4, 4, 4, 2), location.Box);
        Assert.Equal(4, location.Mask!.CountSet());
        Assert.True(location.Mask.Contains(5, 5));
        Assert.False(location.Mask.Contains(6, 5));
    }

    [Fact]
    public void A_point_cloud_view_reports_the_points_seen_inside_the_region()
    {
        Vector3[] points = [new(0, 0, 0), new(1, 2, 3), new(-1, 5, 2)];
        int[] pixelToPoint = [-1, 1, 2, 1];
        var provenance = new PointCloudViewProvenance("top", 2, 2, Matrix4x4.Identity, pixelToPoint, points);

        var location = Assert.IsType<PointSetLocation>(provenance.MapToSource(new PixelRect(0, 0, 2, 2)));

        Assert.Equal(new[] { 1, 2 }, location.PointIndices.ToArray());
        Assert.Equal(new Vector3(-1, 2, 2), location.Min);
        Assert.Equal(new Vector3(1, 5, 3), location.Max);
    }

    [Fact]
    public void A_region_across_grid_tiles_spans_their_frames_in_time()
    {
        TimeSpan period = TimeSpan.FromSeconds(0.5);
        var tiles = new[]
        {
            new VideoTile(new PixelRect(0, 0, 100, 100), 0, TimeSpan.Zero, period, 400, 400),
            new VideoTile(new PixelRect(100, 0, 100, 100), 10, TimeSpan.FromSeconds(5), period, 400, 400),
            new VideoTile(new PixelRect(200, 0, 100, 100), 20, TimeSpan.FromSeconds(10), period, 400, 400),
        };
        var provenance = new VideoProvenance(tiles);

        var location = Assert.IsType<TimeRangeLocation>(provenance.MapToSource(new PixelRect(150, 10, 60, 20)));

        Assert.Equal(TimeSpan.FromSeconds(5), location.Start);
        Assert.Equal(TimeSpan.FromSeconds(10.5), location.End);
        Assert.Equal(10, location.FirstFrame);
        Assert.Equal(20, location.LastFrame);
        Assert.Equal(new PixelRect(200, 40, 200, 80), location.FrameBox);
    }

    [Fact]
    public void Intersection_over_union_is_one_for_equal_boxes_and_zero_for_disjoint_ones()
    {
        var a = new PixelRect(0, 0, 10, 10);

        Assert.Equal(1, a.IntersectionOverUnion(a));
        Assert.Equal(0, a.IntersectionOverUnion(new PixelRect(10, 0, 5, 5)));
        Assert.Equal(25.0 / 175, a.IntersectionOverUnion(new PixelRect(5, 5, 10, 10)), 9);
    }
}
