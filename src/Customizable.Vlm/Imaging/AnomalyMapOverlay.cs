namespace Customizable.Vlm.Imaging;

/// <summary>Renders an anomaly map as a heat map blended over the image it covers (for reports and samples).</summary>
/// <remarks>Stateless and thread-safe. Colours: blue (normal) through green and yellow to red at and beyond twice the distance from 0 to the threshold; region outlines are drawn in white.</remarks>
public static class AnomalyMapOverlay
{
    /// <summary>Blends the heat map of <paramref name="map"/> over <paramref name="image"/>.</summary>
    /// <param name="image">The view the map covers (same size as the map).</param>
    /// <param name="map">Calibrated values (0.5 = threshold).</param>
    /// <param name="opacity">Heat-map opacity in [0, 1].</param>
    /// <param name="regions">Regions whose boxes are outlined, in the view's pixels; null for none.</param>
    /// <returns>A new tightly packed RGB frame.</returns>
    /// <exception cref="ArgumentException">The map and the image differ in size.</exception>
    public static RawFrame Render(RawFrame image, AnomalyMap map, double opacity = 0.45, IEnumerable<AnomalyRegion>? regions = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(map);
        if (image.Width != map.Width || image.Height != map.Height)
        {
            throw new ArgumentException($"The map is {map.Width}x{map.Height} but the image is {image.Width}x{image.Height}.", nameof(map));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(opacity, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(opacity, 1);
        RawFrame rgb = ImageLoader.Shared.ToRgb24(image);
        int w = image.Width, h = image.Height;
        byte[] output = new byte[w * h * 3];
        float a = (float)opacity;
        for (int y = 0; y < h; y++)
        {
            ReadOnlySpan<byte> row = rgb.GetRow(y);
            for (int x = 0; x < w; x++)
            {
                (float r, float g, float b) = Colour(map.Values[(y * w) + x]);
                int o = ((y * w) + x) * 3;
                output[o] = (byte)Math.Clamp((row[x * 3] * (1 - a)) + (r * 255 * a), 0, 255);
                output[o + 1] = (byte)Math.Clamp((row[(x * 3) + 1] * (1 - a)) + (g * 255 * a), 0, 255);
                output[o + 2] = (byte)Math.Clamp((row[(x * 3) + 2] * (1 - a)) + (b * 255 * a), 0, 255);
            }
        }

        foreach (AnomalyRegion region in regions ?? [])
        {
            Outline(output, w, h, region.Box);
        }

        return new RawFrame(w, h, PixelFormat.Rgb24, output);
    }

    private static (float R, float G, float B) Colour(float value)
    {
        // 0 -> blue, 0.5 (threshold) -> yellow-green, >= 1 -> red.
        float t = Math.Clamp(value, 0, 1);
        float r = Math.Clamp((4 * t) - 1.5f, 0, 1);
        float g = Math.Clamp(1.5f - Math.Abs((4 * t) - 2), 0, 1);
        float b = Math.Clamp(1.5f - (4 * t), 0, 1);
        return (r, g, b);
    }

    private static void Outline(byte[] rgb, int w, int h, PixelRect box)
    {
        PixelRect clipped = box.Intersect(new PixelRect(0, 0, w, h));
        if (clipped.IsEmpty)
        {
            return;
        }

        for (int x = clipped.X; x < clipped.Right; x++)
        {
            Set(rgb, w, x, clipped.Y);
            Set(rgb, w, x, clipped.Bottom - 1);
        }

        for (int y = clipped.Y; y < clipped.Bottom; y++)
        {
            Set(rgb, w, clipped.X, y);
            Set(rgb, w, clipped.Right - 1, y);
        }
    }

    private static void Set(byte[] rgb, int w, int x, int y)
    {
        int o = ((y * w) + x) * 3;
        rgb[o] = rgb[o + 1] = rgb[o + 2] = 255;
    }
}
