namespace Customizable.Vlm;

/// <summary>
/// Provenance of an image made for a prompt from other views: a composite of labelled panels (side by side, grid), or a single view
/// resized. Maps a region back through the panel that contains the region's centre to that panel's own view, then to its source.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class CompositeProvenance : ViewProvenance
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="tiles">The panels; at least one.</param>
    public CompositeProvenance(IReadOnlyList<CompositeTile> tiles)
    {
        Throw.IfNull(tiles);
        if (tiles.Count == 0)
        {
            throw new ArgumentException("A composite needs at least one panel.", nameof(tiles));
        }

        Tiles = tiles;
    }

    /// <summary>Gets the panels, in drawing order.</summary>
    public IReadOnlyList<CompositeTile> Tiles { get; }

    /// <inheritdoc />
    /// <remarks>The modality of the first query panel's source, else of the first panel's.</remarks>
    public override ObservationModality SourceModality =>
        (Tiles.FirstOrDefault(t => t.Role == PromptImageRole.Query) ?? Tiles[0]).View.Provenance.SourceModality;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The box's centre lies in no panel.</exception>
    public override SourceLocation MapToSource(PixelRect viewBox, RegionMask? viewMask = null)
    {
        double cx = viewBox.X + (viewBox.Width / 2.0);
        double cy = viewBox.Y + (viewBox.Height / 2.0);
        foreach (CompositeTile tile in Tiles)
        {
            PixelRect b = tile.Bounds;
            if (cx >= b.X && cx < b.Right && cy >= b.Y && cy < b.Bottom)
            {
                PixelRect clipped = viewBox.Intersect(b);
                double sx = (double)tile.View.Frame.Width / b.Width;
                double sy = (double)tile.View.Frame.Height / b.Height;
                int x0 = (int)Math.Floor((clipped.X - b.X) * sx);
                int y0 = (int)Math.Floor((clipped.Y - b.Y) * sy);
                int x1 = Math.Min(tile.View.Frame.Width, (int)Math.Ceiling((clipped.Right - b.X) * sx));
                int y1 = Math.Min(tile.View.Frame.Height, (int)Math.Ceiling((clipped.Bottom - b.Y) * sy));
                return tile.View.Provenance.MapToSource(new PixelRect(x0, y0, Math.Max(1, x1 - x0), Math.Max(1, y1 - y0)));
            }
        }

        throw new ArgumentException($"The box {viewBox} lies in no panel of the composite.", nameof(viewBox));
    }
}
