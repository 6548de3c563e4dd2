using System.Text;

namespace Customizable.Vlm.PointClouds;

/// <summary>Reads XYZ / PTS / CSV text: one point per line, 3 or more columns, an optional count line and an optional header line.</summary>
/// <remarks>
/// Columns: named by a header line when there is one (<c>x</c>, <c>y</c>, <c>z</c>, <c>red</c>/<c>r</c>, <c>green</c>/<c>g</c>,
/// <c>blue</c>/<c>b</c>, <c>nx</c>/<c>normal_x</c>..., quotes allowed, any order); otherwise the first three columns are x, y, z,
/// and the last three are colours when a line has 6 or 7 columns and they are all integers in [0, 255] on the first data line
/// (PTS <c>x y z intensity r g b</c>). Colours above 255 are taken as 16-bit.
/// </remarks>
internal static class TextCloudParser
{
    private const int MaxColumns = 256;

    public static PointCloud Parse(ReadOnlySpan<byte> data, string? name, PointCloudLoadOptions options)
    {
        var cursor = new TextCursor(data);
        var tokens = new (int Start, int Length)[MaxColumns];
        int x = 0, y = 1, z = 2, r = -1, g = -1, b = -1, nx = -1, ny = -1, nz = -1;
        bool first = true;
        int columns = 0;
        List<double>? colours = null;
        PointCloudBuilder? builder = null;
        double[] row = new double[MaxColumns];
        int line = 0;
        double colourMax = 0;
        while (!cursor.AtEnd)
        {
            ReadOnlySpan<byte> text = cursor.NextLine();
            line++;
            int found = TextCursor.Split(text, tokens);
            if (found == 0 || text[0] == (byte)'#' || text[0] == (byte)'/')
            {
                continue;
            }

            if (first)
            {
                first = false;
                if (found == 1 && TextCursor.TryParseNumber(Token(text, tokens[0]), out _))
                {
                    // A PTS count line: a hint only, the lines themselves are counted.
                    first = true;
                    continue;
                }

                if (!TextCursor.TryParseNumber(Token(text, tokens[0]), out _))
                {
                    string[] names = new string[Math.Min(found, MaxColumns)];
                    for (int c = 0; c < names.Length; c++)
                    {
                        names[c] = Encoding.ASCII.GetString(Token(text, tokens[c])).Trim('"', '\'').ToLowerInvariant();
                    }

                    x = Array.IndexOf(names, "x");
                    y = Array.IndexOf(names, "y");
                    z = Array.IndexOf(names, "z");
                    if (x < 0 || y < 0 || z < 0)
                    {
                        throw new InvalidObservationException(name, $"The header line names no x, y and z columns ({string.Join(", ", names.Take(12))}).", null);
                    }

                    r = IndexOf(names, "red", "r", "diffuse_red");
                    g = IndexOf(names, "green", "g", "diffuse_green");
                    b = IndexOf(names, "blue", "b", "diffuse_blue");
                    nx = IndexOf(names, "nx", "normal_x");
                    ny = IndexOf(names, "ny", "normal_y");
                    nz = IndexOf(names, "nz", "normal_z");
                    columns = Math.Max(Math.Max(x, y), z) + 1;
                    continue;
                }
            }

            if (builder is null)
            {
                if (columns == 0)
                {
                    columns = 3;
                    if (found is 6 or 7 && LooksLikeColours(text, tokens, found))
                    {
                        (r, g, b) = (found - 3, found - 2, found - 1);
                    }
                }

                if (r < 0 || g < 0 || b < 0)
                {
                    r = g = b = -1;
                }

                if (nx < 0 || ny < 0 || nz < 0)
                {
                    nx = ny = nz = -1;
                }

                columns = Math.Max(columns, Math.Max(Math.Max(r, g), Math.Max(b, Math.Max(nx, Math.Max(ny, nz)))) + 1);

                // Every remaining line could hold a point: at least 6 bytes ("0 0 0\n") each.
                long capacity = Math.Min((data.Length / 6) + 1, 1 << 20);
                builder = new PointCloudBuilder(name, (int)capacity, false, nx >= 0);
                colours = r >= 0 ? [] : null;
            }

            if (found < columns)
            {
                throw new InvalidObservationException(name, $"Line {line} has {found} columns, {columns} are needed.", null);
            }

            for (int c = 0; c < columns; c++)
            {
                row[c] = TextCursor.ParseNumber(Token(text, tokens[c]), name, $"line {line}");
            }

            if (builder.Records >= options.MaxPoints)
            {
                throw new InputLimitExceededException(name, nameof(PointCloudLoadOptions.MaxPoints), builder.Records + 1L, options.MaxPoints);
            }

            var normal = nx >= 0 ? new System.Numerics.Vector3((float)row[nx], (float)row[ny], (float)row[nz]) : default;
            if (colours is not null && double.IsFinite(row[x]) && double.IsFinite(row[y]) && double.IsFinite(row[z]))
            {
                colours.Add(row[r]);
                colours.Add(row[g]);
                colours.Add(row[b]);
                colourMax = Math.Max(colourMax, Math.Max(row[r], Math.Max(row[g], row[b])));
            }

            builder.Add(row[x], row[y], row[z], normal: normal);
        }

        if (builder is null)
        {
            throw new InvalidObservationException(name, "The text holds no point lines.", null);
        }

        PointCloud cloud = builder.Build();
        if (colours is null || colours.Count != cloud.Count * 3)
        {
            return cloud;
        }

        double scale = colourMax > 255 ? 255.0 / 65535 : colourMax <= 1 ? 255 : 1;
        byte[] rgb = new byte[colours.Count];
        for (int i = 0; i < rgb.Length; i++)
        {
            rgb[i] = (byte)Math.Clamp(Math.Round(colours[i] * scale), 0, 255);
        }

        return new PointCloud(
            cloud.Positions.ToArray(),
            rgb,
            cloud.Normals?.ToArray(),
            cloud.SourceName,
            droppedNonFinite: cloud.DroppedNonFinite,
            sourceIndices: cloud.SourceIndices?.ToArray());
    }

    private static bool LooksLikeColours(ReadOnlySpan<byte> text, (int Start, int Length)[] tokens, int found)
    {
        for (int c = found - 3; c < found; c++)
        {
            if (!TextCursor.TryParseNumber(Token(text, tokens[c]), out double v) || v < 0 || v > 255 || v != Math.Floor(v))
            {
                return false;
            }
        }

        return true;
    }

    private static int IndexOf(string[] names, params string[] candidates)
    {
        foreach (string candidate in candidates)
        {
            int i = Array.IndexOf(names, candidate);
            if (i >= 0)
            {
                return i;
            }
        }

        return -1;
    }

    private static ReadOnlySpan<byte> Token(ReadOnlySpan<byte> text, (int Start, int Length) token) => text.Slice(token.Start, token.Length);
}
