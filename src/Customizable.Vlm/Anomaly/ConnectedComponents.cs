using System.Buffers;

namespace Customizable.Vlm.Anomaly;

/// <summary>Finds 8-connected regions of a map whose values are at or above a threshold.</summary>
/// <remarks>Stateless and thread-safe. The labels, the flood-fill stack and the pixel list are rented from
/// <see cref="ArrayPool{T}.Shared"/>; only the returned components (boxes and masks) are allocated.</remarks>
internal static class ConnectedComponents
{
    /// <summary>Labels the regions of <paramref name="map"/> at or above <paramref name="threshold"/>.</summary>
    /// <param name="map">Row-major values.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="threshold">Pixels with value &gt;= threshold belong to regions.</param>
    /// <param name="minPixels">Regions with fewer pixels are dropped.</param>
    /// <returns>The regions, strongest peak first.</returns>
    public static IReadOnlyList<MapComponent> Find(ReadOnlySpan<float> map, int width, int height, float threshold, int minPixels = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (map.Length < (long)width * height)
        {
            throw new ArgumentException("The map is smaller than width * height.", nameof(map));
        }

        int n = width * height;
        // Scratch from the pool: labels, the flood-fill stack and the current component's pixels (each at most n entries).
        int[] labels = ArrayPool<int>.Shared.Rent(n);
        int[] stack = ArrayPool<int>.Shared.Rent(n);
        int[] pixels = ArrayPool<int>.Shared.Rent(n);
        var result = new List<MapComponent>();
        try
        {
            labels.AsSpan(0, n).Clear();
            int next = 0;
            for (int start = 0; start < n; start++)
            {
                if (labels[start] != 0 || !(map[start] >= threshold))
                {
                    continue;
                }

                next++;
                int count = 0, top = 0;
                labels[start] = next;
                stack[top++] = start;
                while (top > 0)
                {
                    int p = stack[--top];
                    pixels[count++] = p;
                    int px = p % width, py = p / width;
                    for (int dy = -1; dy <= 1; dy++)
                    {
                        int ny = py + dy;
                        if ((uint)ny >= (uint)height)
                        {
                            continue;
                        }

                        for (int dx = -1; dx <= 1; dx++)
                        {
                            int nx = px + dx;
                            if ((uint)nx >= (uint)width)
                            {
                                continue;
                            }

                            int q = (ny * width) + nx;
                            if (labels[q] == 0 && map[q] >= threshold)
                            {
                                labels[q] = next;
                                stack[top++] = q;
                            }
                        }
                    }
                }

                if (count >= minPixels)
                {
                    result.Add(Describe(map, width, pixels.AsSpan(0, count)));
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(labels);
            ArrayPool<int>.Shared.Return(stack);
            ArrayPool<int>.Shared.Return(pixels);
        }

        result.Sort((a, b) => b.Peak.CompareTo(a.Peak));
        return result;
    }

    private static MapComponent Describe(ReadOnlySpan<float> map, int width, ReadOnlySpan<int> pixels)
    {
        int minX = int.MaxValue, minY = int.MaxValue, maxX = -1, maxY = -1, peakAt = pixels[0];
        foreach (int p in pixels)
        {
            int x = p % width, y = p / width;
            minX = Math.Min(minX, x);
            maxX = Math.Max(maxX, x);
            minY = Math.Min(minY, y);
            maxY = Math.Max(maxY, y);
            if (map[p] > map[peakAt])
            {
                peakAt = p;
            }
        }

        var box = new PixelRect(minX, minY, maxX - minX + 1, maxY - minY + 1);
        byte[] mask = new byte[box.Area];
        foreach (int p in pixels)
        {
            mask[(((p / width) - minY) * box.Width) + ((p % width) - minX)] = 1;
        }

        return new MapComponent(box, new RegionMask(box, mask), pixels.Length, map[peakAt], peakAt % width, peakAt / width);
    }
}
