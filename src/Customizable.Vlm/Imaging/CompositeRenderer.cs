namespace Customizable.Vlm.Imaging;

/// <summary>Lays out labelled panels (references and query views) on one RGB canvas: a row (side by side) or a grid.</summary>
/// <remarks>All panels share one cell size; each view is fitted inside its cell (aspect kept, centred) under a coloured label band
/// (green for references, red for the query). The whole canvas fits in a square of the given side. Integer arithmetic only, so the
/// same panels give the same bytes on every machine. Stateless and thread-safe.</remarks>
internal static class CompositeRenderer
{
    private const int Gap = 4;
    private static readonly (byte R, byte G, byte B) Background = (24, 24, 24);
    private static readonly (byte R, byte G, byte B) ReferenceBand = (0, 96, 0);
    private static readonly (byte R, byte G, byte B) QueryBand = (150, 0, 0);

    /// <summary>One panel to draw: the view, its pixels as tightly packed RGB, its role and its label.</summary>
    public readonly record struct Panel(EncodedView View, RawFrame Rgb, PromptImageRole Role, string Label);

    public static (RawFrame Frame, CompositeProvenance Provenance) Render(IReadOnlyList<Panel> panels, int columns, int maxSide)
    {
        int count = panels.Count;
        columns = Math.Clamp(columns, 1, count);
        int rows = (count + columns - 1) / columns;

        // Cell aspect (height / width, in 1/1024) that holds every panel; cells no wider than the widest panel (never enlarge).
        int aspect = 0, widest = 0;
        foreach (Panel p in panels)
        {
            aspect = Math.Max(aspect, (int)Math.Clamp((p.Rgb.Height * 1024L) / p.Rgb.Width, 256, 4096));
            widest = Math.Max(widest, p.Rgb.Width);
        }

        int cellWidth = CellWidth(maxSide, columns, rows, aspect, widest, Scale(Math.Min(widest, maxSide / columns)));
        int scale = Scale(cellWidth);
        cellWidth = CellWidth(maxSide, columns, rows, aspect, widest, scale);
        int cellHeight = Math.Max(1, (int)((cellWidth * (long)aspect) / 1024));
        int band = BandHeight(scale);
        int width = (columns * cellWidth) + ((columns + 1) * Gap);
        int height = (rows * (cellHeight + band)) + ((rows + 1) * Gap);

        byte[] canvas = new byte[(long)width * height * 3];
        Fill(canvas, width, new PixelRect(0, 0, width, height), Background);
        var tiles = new List<CompositeTile>(count);
        for (int i = 0; i < count; i++)
        {
            Panel p = panels[i];
            int cellX = Gap + ((i % columns) * (cellWidth + Gap));
            int cellY = Gap + ((i / columns) * (cellHeight + band + Gap));
            int maxChars = Math.Max(1, (cellWidth - (2 * scale) + scale) / (BitmapFont.Advance * scale));
            string label = p.Label.Length > maxChars ? p.Label[..maxChars] : p.Label;
            (int fw, int fh) = Fit(p.Rgb.Width, p.Rgb.Height, cellWidth, cellHeight);
            PixelRect placed = DrawCell(canvas, width, height, new PixelRect(cellX, cellY, cellWidth, cellHeight + band), band, scale, label, p.Role == PromptImageRole.Reference ? ReferenceBand : QueryBand, p.Rgb, fw, fh);
            tiles.Add(new CompositeTile(p.View, placed, p.Role, p.Label));
        }

        return (new RawFrame(width, height, PixelFormat.Rgb24, canvas), new CompositeProvenance(tiles));
    }

    private static int Scale(int cellWidth) => Math.Clamp(cellWidth / 200, 1, 4);

    private static int BandHeight(int scale) => (BitmapFont.GlyphHeight + 4) * scale;

    private static int CellWidth(int maxSide, int columns, int rows, int aspect, int widest, int scale)
    {
        int byWidth = (maxSide - ((columns + 1) * Gap)) / columns;
        int availableHeight = ((maxSide - ((rows + 1) * Gap)) / rows) - BandHeight(scale);
        int byHeight = (int)((Math.Max(1, availableHeight) * 1024L) / aspect);
        return Math.Max(8, Math.Min(widest, Math.Min(byWidth, byHeight)));
    }

    /// <summary>Draws one labelled cell of a grid: a coloured band with <paramref name="label"/> across the top of
    /// <paramref name="cell"/>, and <paramref name="rgb"/> resized to <paramref name="fitWidth"/> x <paramref name="fitHeight"/> and
    /// centred below it. Shared by the prompt composites and the video key-frame grids.</summary>
    /// <returns>Where the frame was placed, in canvas pixels.</returns>
    internal static PixelRect DrawCell(byte[] canvas, int width, int height, PixelRect cell, int band, int scale, string label, (byte R, byte G, byte B) bandColour, RawFrame rgb, int fitWidth, int fitHeight)
    {
        Fill(canvas, width, new PixelRect(cell.X, cell.Y, cell.Width, band), bandColour);
        BitmapFont.Draw(canvas, width, height, cell.X + (2 * scale), cell.Y + (2 * scale), label, scale, 255, 255, 255);
        RawFrame fitted = FrameResizer.Resize(rgb, fitWidth, fitHeight);
        int x0 = cell.X + ((cell.Width - fitWidth) / 2);
        int y0 = cell.Y + band + ((cell.Height - band - fitHeight) / 2);
        for (int y = 0; y < fitHeight; y++)
        {
            fitted.GetRow(y).CopyTo(canvas.AsSpan((((y0 + y) * width) + x0) * 3, fitWidth * 3));
        }

        return new PixelRect(x0, y0, fitWidth, fitHeight);
    }

    private static (int Width, int Height) Fit(int width, int height, int boxWidth, int boxHeight)
    {
        // Largest size with the frame's aspect inside the box.
        long w = boxWidth, h = ((long)height * boxWidth) / width;
        if (h > boxHeight)
        {
            h = boxHeight;
            w = ((long)width * boxHeight) / height;
        }

        return ((int)Math.Max(1, w), (int)Math.Max(1, h));
    }

    private static void Fill(byte[] canvas, int width, PixelRect rect, (byte R, byte G, byte B) colour)
    {
        for (int y = rect.Y; y < rect.Bottom; y++)
        {
            Span<byte> row = canvas.AsSpan(((y * width) + rect.X) * 3, rect.Width * 3);
            for (int x = 0; x < row.Length; x += 3)
            {
                row[x] = colour.R;
                row[x + 1] = colour.G;
                row[x + 2] = colour.B;
            }
        }
    }
}
