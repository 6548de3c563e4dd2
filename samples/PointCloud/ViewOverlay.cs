using Customizable.Vlm;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace PointCloud;

/// <summary>
/// Writes a query's rendered views side by side as one PNG, with the verdict's anomaly map overlaid in red where it is at or above
/// the decision threshold (0.5 on the calibrated scale; the more anomalous, the more opaque) and each region's box outlined in yellow.
/// </summary>
public static class ViewOverlay
{
    /// <summary>Blends the maps onto the views and writes the PNG (views left to right in view order).</summary>
    /// <param name="views">The query's views as the inspector rendered them (RGB, all the same size).</param>
    /// <param name="verdict">The query's verdict: its <see cref="AnomalyVerdict.AnomalyMaps"/> and <see cref="AnomalyVerdict.Regions"/>
    /// refer to the views by index.</param>
    /// <param name="path">The PNG file to write (its folder must exist); replaced when present.</param>
    /// <param name="cancellationToken">Cancels before the file is written.</param>
    /// <returns>A task that completes when the file is written.</returns>
    /// <exception cref="ArgumentException">There are no views, or they differ in size or are not RGB.</exception>
    public static async Task WriteAsync(IReadOnlyList<EncodedView> views, AnomalyVerdict verdict, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(views);
        ArgumentNullException.ThrowIfNull(verdict);
        if (views.Count == 0 || views.Any(v => v.Frame.Format != PixelFormat.Rgb24 || v.Frame.Width != views[0].Frame.Width || v.Frame.Height != views[0].Frame.Height))
        {
            throw new ArgumentException("Expected at least one view, all RGB and of one size.", nameof(views));
        }

        int w = views[0].Frame.Width, h = views[0].Frame.Height;
        using var image = new Image<Rgb24>(w * views.Count, h);
        for (int v = 0; v < views.Count; v++)
        {
            RawFrame frame = views[v].Frame;
            AnomalyMap? map = verdict.AnomalyMaps.FirstOrDefault(m => m.ViewIndex == v && m.Width == w && m.Height == h);
            float[]? values = map?.Values;
            for (int y = 0; y < h; y++)
            {
                ReadOnlySpan<byte> row = frame.GetRow(y);
                for (int x = 0; x < w; x++)
                {
                    float r = row[x * 3], g = row[(x * 3) + 1], b = row[(x * 3) + 2];
                    float value = values?[(y * w) + x] ?? 0;
                    if (value >= 0.5f)
                    {
                        float alpha = 0.3f + (0.4f * Math.Clamp((value - 0.5f) * 2, 0, 1));
                        (r, g, b) = ((r * (1 - alpha)) + (255 * alpha), g * (1 - alpha), b * (1 - alpha));
                    }

                    image[(v * w) + x, y] = new Rgb24((byte)r, (byte)g, (byte)b);
                }
            }
        }

        foreach (AnomalyRegion region in verdict.Regions.Where(r => r.ViewIndex >= 0 && r.ViewIndex < views.Count))
        {
            Outline(image, region.ViewIndex * w, w, h, region.Box);
        }

        cancellationToken.ThrowIfCancellationRequested();
        await image.SaveAsPngAsync(path, cancellationToken);
    }

    private static void Outline(Image<Rgb24> image, int offset, int w, int h, PixelRect box)
    {
        var yellow = new Rgb24(255, 230, 0);
        int x0 = Math.Clamp(box.X, 0, w - 1), y0 = Math.Clamp(box.Y, 0, h - 1);
        int x1 = Math.Clamp(box.X + box.Width - 1, 0, w - 1), y1 = Math.Clamp(box.Y + box.Height - 1, 0, h - 1);
        for (int x = x0; x <= x1; x++)
        {
            image[offset + x, y0] = yellow;
            image[offset + x, y1] = yellow;
        }

        for (int y = y0; y <= y1; y++)
        {
            image[offset + x0, y] = yellow;
            image[offset + x1, y] = yellow;
        }
    }
}
