namespace Customizable.Vlm;

/// <summary>Provenance of a view made from a video: a single key frame (one tile covering the view) or a grid of frames (one tile each).</summary>
public sealed class VideoProvenance : ViewProvenance
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="tiles">The frames shown in the view, at least one, with where each sits.</param>
    public VideoProvenance(IReadOnlyList<VideoTile> tiles)
    {
        Throw.IfNull(tiles);
        if (tiles.Count == 0)
        {
            throw new ArgumentException("A video view shows at least one frame.", nameof(tiles));
        }

        Tiles = tiles;
    }

    /// <inheritdoc />
    public override ObservationModality SourceModality => ObservationModality.Video;

    /// <summary>Gets the frames shown in the view.</summary>
    public IReadOnlyList<VideoTile> Tiles { get; }

    /// <inheritdoc />
    public override SourceLocation MapToSource(PixelRect viewBox, RegionMask? viewMask = null)
    {
        TimeSpan start = TimeSpan.MaxValue, end = TimeSpan.MinValue;
        int first = int.MaxValue, last = int.MinValue;
        PixelRect? frameBox = null;
        foreach (VideoTile tile in Tiles)
        {
            PixelRect overlap = tile.ViewRect.Intersect(viewBox);
            if (overlap.IsEmpty)
            {
                continue;
            }

            start = tile.Start < start ? tile.Start : start;
            end = tile.Start + tile.Duration > end ? tile.Start + tile.Duration : end;
            first = Math.Min(first, tile.FrameIndex);
            last = Math.Max(last, tile.FrameIndex);
            if (frameBox is null)
            {
                var mapping = new ImageProvenance(tile.FrameWidth, tile.FrameHeight, (double)tile.FrameWidth / tile.ViewRect.Width, (double)tile.FrameHeight / tile.ViewRect.Height);
                frameBox = mapping.MapBox(overlap with { X = overlap.X - tile.ViewRect.X, Y = overlap.Y - tile.ViewRect.Y });
            }
        }

        if (first == int.MaxValue)
        {
            VideoTile nearest = Tiles[0];
            return new TimeRangeLocation(nearest.Start, nearest.Start + nearest.Duration, nearest.FrameIndex, nearest.FrameIndex);
        }

        return new TimeRangeLocation(start, end, first, last, frameBox);
    }
}
