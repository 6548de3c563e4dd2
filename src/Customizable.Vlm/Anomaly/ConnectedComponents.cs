namespace Customizable.Vlm.Anomaly;

/// <summary>Finds 8-connected regions of a map whose values are at or above a threshold.</summary>
public static class ConnectedComponents
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
        int[] labels = new int[n];
        var stack = new Stack<int>();
        var pixels = new List<int>();
        var result = new List<MapComponent>();
        int next = 0;
        for (int start = 0; start < n; start++)
        {
            if (labels[start] != 0 || !(map[start] >= threshold))
            {
                continue;
            }

            next++;
            pixels.Clear();
            labels[start] = next;
            stack.Push(start);
            while (stack.Count > 0)
            {
                int p = stack.Pop();
                pixels.Add(p);
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
                            stack.Push(q);
                        }
                    }
                }
            }

            if (pixels.Count < minPixels)
            {
                continue;
            }

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

            result.Add(new MapComponent(box, new RegionMask(box, mask), pixels.Count, map[peakAt], peakAt % width, peakAt / width));
        }

        result.Sort((a, b) => b.Peak.CompareTo(a.Peak));
        return result;
    }
}
