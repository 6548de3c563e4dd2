using Customizable.Vlm.Video;

namespace Customizable.Vlm.Tests.Video;

public sealed class VideoGridTests
{
    [Fact]
    public void A_box_inside_one_tile_maps_back_to_that_frame_and_its_time_span()
    {
        // 4 key frames of a 2 s clip at 10 fps, each standing for 0.5 s.
        VideoFrame[] frames = [.. Enumerable.Range(0, 4).Select(i => new VideoFrame(
            (i * 5) + 2,
            TimeSpan.FromSeconds((i * 0.5) + 0.2),
            TimeSpan.FromSeconds(0.5),
            VideoTestData.Frame(80, 60, (byte)(30 + (i * 50)))))];

        EncodedView grid = VideoGrid.Compose(frames, columns: 2, maxSide: 256);
        var provenance = Assert.IsType<VideoProvenance>(grid.Provenance);
        VideoTile third = provenance.Tiles[2];
        PixelRect inside = new(third.ViewRect.X + 2, third.ViewRect.Y + 2, third.ViewRect.Width / 2, third.ViewRect.Height / 2);

        var location = Assert.IsType<TimeRangeLocation>(provenance.MapToSource(inside));

        Assert.Equal((12, 12), (location.FirstFrame, location.LastFrame));
        Assert.Equal(1.2, location.Start.TotalSeconds, 6);
        Assert.Equal(1.7, location.End.TotalSeconds, 6);
        Assert.NotNull(location.FrameBox);
        Assert.InRange(location.FrameBox!.Value.Width, 30, 50); // half the tile is about half the 80-px frame

        // Tiles sit row by row and do not overlap; their pixels are the frames' (grey levels 30, 80, 130, 180).
        Assert.True(provenance.Tiles[1].ViewRect.X > provenance.Tiles[0].ViewRect.Right);
        Assert.True(provenance.Tiles[2].ViewRect.Y > provenance.Tiles[0].ViewRect.Bottom);
        for (int i = 0; i < 4; i++)
        {
            PixelRect rect = provenance.Tiles[i].ViewRect;
            int centre = (((rect.Y + (rect.Height / 2)) * grid.Frame.Width) + rect.X + (rect.Width / 2)) * 3;
            Assert.Equal(30 + (i * 50), grid.Frame.Pixels.Span[centre]);
        }

        Assert.Equal("key frames t=0.20-2.20s", grid.Label);
        Assert.True(grid.Frame.Width <= 256 && grid.Frame.Height <= 256);
    }

    [Fact]
    public void A_box_spanning_two_tiles_covers_both_time_spans()
    {
        VideoFrame[] frames = [.. Enumerable.Range(0, 4).Select(i => new VideoFrame(i * 10, TimeSpan.FromSeconds(i), TimeSpan.FromSeconds(1), VideoTestData.Frame(40, 40, 100)))];
        EncodedView grid = VideoGrid.Compose(frames, columns: 2, maxSide: 128);
        var provenance = (VideoProvenance)grid.Provenance;
        PixelRect first = provenance.Tiles[0].ViewRect, second = provenance.Tiles[1].ViewRect;

        var location = (TimeRangeLocation)provenance.MapToSource(new PixelRect(first.X, first.Y, second.Right - first.X, 4));

        Assert.Equal((0, 10), (location.FirstFrame, location.LastFrame));
        Assert.Equal((0.0, 2.0), (location.Start.TotalSeconds, location.End.TotalSeconds));
    }

    [Fact]
    public void The_timestamps_are_drawn_into_the_label_bands()
    {
        VideoFrame frame = new(0, TimeSpan.Zero, TimeSpan.FromSeconds(1), VideoTestData.Frame(100, 60, 0));

        EncodedView grid = VideoGrid.Compose([frame], columns: 1, maxSide: 256);
        VideoTile tile = ((VideoProvenance)grid.Provenance).Tiles[0];

        // The band above the tile holds white glyph pixels; the frame itself is black.
        bool white = false;
        for (int y = 0; y < tile.ViewRect.Y && !white; y++)
        {
            ReadOnlySpan<byte> row = grid.Frame.GetRow(y);
            white = row.IndexOf((byte)255) >= 0;
        }

        Assert.True(white);
    }
}
