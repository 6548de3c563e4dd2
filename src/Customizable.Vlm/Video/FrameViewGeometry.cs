namespace Customizable.Vlm.Video;

/// <summary>What <see cref="TemporalSegments"/> needs of a video view once its pixels are gone: its provenance (one
/// <see cref="VideoTile"/>) and its size in pixels.</summary>
/// <param name="Provenance">The view's provenance, a <see cref="VideoProvenance"/> with one tile.</param>
/// <param name="Width">The view's width in pixels.</param>
/// <param name="Height">The view's height in pixels.</param>
internal readonly record struct FrameViewGeometry(VideoProvenance Provenance, int Width, int Height)
{
    /// <summary>Gets the view's tile.</summary>
    public VideoTile Tile => Provenance.Tiles[0];

    /// <summary>The geometry of a view, or null when it is not a single-frame video view.</summary>
    public static FrameViewGeometry? Of(EncodedView view) =>
        view.Provenance is VideoProvenance { Tiles.Count: 1 } provenance ? new FrameViewGeometry(provenance, view.Frame.Width, view.Frame.Height) : null;
}
