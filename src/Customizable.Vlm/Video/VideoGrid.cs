using System.Globalization;
using Customizable.Vlm.Imaging;

namespace Customizable.Vlm.Video;

/// <summary>
/// Lays video frames out on one grid image (2x2, 3x3 ...) with each frame's time drawn above it, for vision-language prompts that
/// ask "in which tile / at what time". Each tile maps back to its frame and time span through <see cref="VideoProvenance"/>.
/// </summary>
/// <remarks>Tiles are filled row by row, left to right, in the order given. Each cell holds a label band (dark, white text such as
/// <c>"3 T=1.20S"</c>: tile number from 1, then the start time in seconds) above the frame, scaled to fit with its aspect kept.
/// Integer arithmetic only: the same frames give the same bytes on every machine. Stateless and thread-safe.</remarks>
public static class VideoGrid
{
    private const int Gap = 4;

    /// <summary>Composes frames into one grid view.</summary>
    /// <param name="frames">The frames, 1 to <c>columns * columns</c> of them (more rows are added when there are more), all RGB.</param>
    /// <param name="columns">The number of columns, at least 1.</param>
    /// <param name="maxSide">The largest side of the grid image in pixels, at least 64.</param>
    /// <param name="source">The video the frames came from, or null.</param>
    /// <returns>A view labelled <c>"key frames t=A-Bs"</c> whose provenance has one tile per frame (its rectangle in grid pixels, frame
    /// index, start, duration and frame size); <see cref="ViewProvenance.MapToSource"/> of a box returns the time span of the tiles it
    /// touches and the box in the first touched frame's pixels. Slot 0.</returns>
    public static EncodedView Compose(IReadOnlyList<VideoFrame> frames, int columns, int maxSide = 1024, Observation? source = null)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSide, 64);
        if (frames.Count == 0)
        {
            throw new ArgumentException("A grid needs at least one frame.", nameof(frames));
        }

        columns = Math.Min(columns, frames.Count);
        int rows = (frames.Count + columns - 1) / columns;
        int frameWidth = frames.Max(f => f.Frame.Width), frameHeight = frames.Max(f => f.Frame.Height);
        int scale = Math.Clamp(maxSide / columns / 160, 1, 3);
        int band = (BitmapFont.GlyphHeight + 4) * scale;

        // Cell size: fit the largest frame into (maxSide - gaps) / columns wide and (maxSide - gaps) / rows - band high, never enlarged.
        int cellMaxWidth = Math.Max(8, (maxSide - ((columns + 1) * Gap)) / columns);
        int cellMaxHeight = Math.Max(8, ((maxSide - ((rows + 1) * Gap)) / rows) - band);
        (int cellWidth, int cellHeight) = Fit(frameWidth, frameHeight, cellMaxWidth, cellMaxHeight);
        int width = (columns * cellWidth) + ((columns + 1) * Gap);
        int height = (rows * (cellHeight + band)) + ((rows + 1) * Gap);
        byte[] canvas = new byte[(long)width * height * 3];
        var tiles = new VideoTile[frames.Count];
        for (int i = 0; i < frames.Count; i++)
        {
            VideoFrame frame = frames[i];
            if (frame.Frame.Format != PixelFormat.Rgb24 || frame.Frame.Stride != frame.Frame.Width * 3)
            {
                throw new ArgumentException($"Frame {i} is not tightly packed RGB.", nameof(frames));
            }

            int cellX = Gap + ((i % columns) * (cellWidth + Gap));
            int cellY = Gap + ((i / columns) * (cellHeight + band + Gap));
            string label = string.Create(CultureInfo.InvariantCulture, $"{i + 1} T={frame.Timestamp.TotalSeconds:0.00}S");
            (int fw, int fh) = Fit(frame.Frame.Width, frame.Frame.Height, cellWidth, cellHeight);
            PixelRect placed = CompositeRenderer.DrawCell(canvas, width, height, new PixelRect(cellX, cellY, cellWidth, cellHeight + band), band, scale, label, (40, 40, 40), frame.Frame, fw, fh);
            tiles[i] = new VideoTile(placed, frame.Index, frame.Timestamp, frame.Duration, frame.Frame.Width, frame.Frame.Height);
        }

        TimeSpan start = frames.Min(f => f.Timestamp), end = frames.Max(f => f.End);
        string viewLabel = string.Create(CultureInfo.InvariantCulture, $"key frames t={start.TotalSeconds:0.00}-{end.TotalSeconds:0.00}s");
        return new EncodedView(new RawFrame(width, height, PixelFormat.Rgb24, canvas), new VideoProvenance(tiles), viewLabel, source, 0) { Slot = 0 };
    }

    private static (int Width, int Height) Fit(int width, int height, int boxWidth, int boxHeight)
    {
        if (width <= boxWidth && height <= boxHeight)
        {
            return (width, height);
        }

        // Scale by the tighter of the two ratios, rounding down so the frame stays inside the box.
        return (long)width * boxHeight >= (long)height * boxWidth
            ? (boxWidth, Math.Max(1, (int)((long)height * boxWidth / width)))
            : (Math.Max(1, (int)((long)width * boxHeight / height)), boxHeight);
    }
}
