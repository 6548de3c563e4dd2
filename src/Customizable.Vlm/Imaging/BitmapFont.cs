namespace Customizable.Vlm.Imaging;

/// <summary>A tiny 5x7 pixel font (upper-case letters, digits, a little punctuation) for labelling composite prompt images.</summary>
/// <remarks>Drawn in integer pixels with no font file and no anti-aliasing, so labels are identical byte for byte on every machine.
/// Lower-case letters are drawn as upper case; characters the font lacks are drawn as '?'.</remarks>
internal static class BitmapFont
{
    public const int GlyphWidth = 5;
    public const int GlyphHeight = 7;

    /// <summary>Horizontal advance of one character in font pixels (glyph plus one column of spacing).</summary>
    public const int Advance = GlyphWidth + 1;

    private static readonly Dictionary<char, ulong> Glyphs = Build();

    /// <summary>Gets the width in output pixels of <paramref name="text"/> drawn at <paramref name="scale"/>.</summary>
    public static int Measure(string text, int scale) => text.Length == 0 ? 0 : ((text.Length * Advance) - 1) * scale;

    /// <summary>Draws <paramref name="text"/> into a tightly packed RGB buffer, clipped to the buffer.</summary>
    public static void Draw(Span<byte> rgb, int width, int height, int x, int y, string text, int scale, byte r, byte g, byte b)
    {
        int penX = x;
        foreach (char raw in text)
        {
            char c = char.ToUpperInvariant(raw);
            ulong bits = Glyphs.TryGetValue(c, out ulong found) ? found : Glyphs['?'];
            for (int row = 0; row < GlyphHeight; row++)
            {
                for (int col = 0; col < GlyphWidth; col++)
                {
                    if (((bits >> ((row * GlyphWidth) + col)) & 1) == 0)
                    {
                        continue;
                    }

                    for (int dy = 0; dy < scale; dy++)
                    {
                        int py = y + (row * scale) + dy;
                        if ((uint)py >= (uint)height)
                        {
                            continue;
                        }

                        for (int dx = 0; dx < scale; dx++)
                        {
                            int px = penX + (col * scale) + dx;
                            if ((uint)px < (uint)width)
                            {
                                int o = ((py * width) + px) * 3;
                                rgb[o] = r;
                                rgb[o + 1] = g;
                                rgb[o + 2] = b;
                            }
                        }
                    }
                }
            }

            penX += Advance * scale;
        }
    }

    private static Dictionary<char, ulong> Build()
    {
        // Each glyph: 7 rows of 5 columns, '#' = ink. Drawn for this library.
        (char C, string Rows)[] glyphs =
        [
            ('A', ".###.|#...#|#...#|#####|#...#|#...#|#...#"),
            ('B', "####.|#...#|#...#|####.|#...#|#...#|####."),
            ('C', ".###.|#...#|#....|#....|#....|#...#|.###."),
            ('D', "####.|#...#|#...#|#...#|#...#|#...#|####."),
            ('E', "#####|#....|#....|####.|#....|#....|#####"),
            ('F', "#####|#....|#....|####.|#....|#....|#...."),
            ('G', ".###.|#...#|#....|#.###|#...#|#...#|.####"),
            ('H', "#...#|#...#|#...#|#####|#...#|#...#|#...#"),
            ('I', ".###.|..#..|..#..|..#..|..#..|..#..|.###."),
            ('J', "..###|...#.|...#.|...#.|...#.|#..#.|.##.."),
            ('K', "#...#|#..#.|#.#..|##...|#.#..|#..#.|#...#"),
            ('L', "#....|#....|#....|#....|#....|#....|#####"),
            ('M', "#...#|##.##|#.#.#|#.#.#|#...#|#...#|#...#"),
            ('N', "#...#|##..#|#.#.#|#..##|#...#|#...#|#...#"),
            ('O', ".###.|#...#|#...#|#...#|#...#|#...#|.###."),
            ('P', "####.|#...#|#...#|####.|#....|#....|#...."),
            ('Q', ".###.|#...#|#...#|#...#|#.#.#|#..#.|.##.#"),
            ('R', "####.|#...#|#...#|####.|#.#..|#..#.|#...#"),
            ('S', ".####|#....|#....|.###.|....#|....#|####."),
            ('T', "#####|..#..|..#..|..#..|..#..|..#..|..#.."),
            ('U', "#...#|#...#|#...#|#...#|#...#|#...#|.###."),
            ('V', "#...#|#...#|#...#|#...#|#...#|.#.#.|..#.."),
            ('W', "#...#|#...#|#...#|#.#.#|#.#.#|#.#.#|.#.#."),
            ('X', "#...#|#...#|.#.#.|..#..|.#.#.|#...#|#...#"),
            ('Y', "#...#|#...#|.#.#.|..#..|..#..|..#..|..#.."),
            ('Z', "#####|....#|...#.|..#..|.#...|#....|#####"),
            ('0', ".###.|#...#|#..##|#.#.#|##..#|#...#|.###."),
            ('1', "..#..|.##..|..#..|..#..|..#..|..#..|.###."),
            ('2', ".###.|#...#|....#|...#.|..#..|.#...|#####"),
            ('3', "####.|....#|....#|.###.|....#|....#|####."),
            ('4', "...#.|..##.|.#.#.|#..#.|#####|...#.|...#."),
            ('5', "#####|#....|####.|....#|....#|#...#|.###."),
            ('6', "..##.|.#...|#....|####.|#...#|#...#|.###."),
            ('7', "#####|....#|...#.|..#..|.#...|.#...|.#..."),
            ('8', ".###.|#...#|#...#|.###.|#...#|#...#|.###."),
            ('9', ".###.|#...#|#...#|.####|....#|...#.|.##.."),
            (' ', ".....|.....|.....|.....|.....|.....|....."),
            ('.', ".....|.....|.....|.....|.....|.##..|.##.."),
            (',', ".....|.....|.....|.....|.##..|..#..|.#..."),
            (':', ".....|.##..|.##..|.....|.##..|.##..|....."),
            ('-', ".....|.....|.....|#####|.....|.....|....."),
            ('+', ".....|..#..|..#..|#####|..#..|..#..|....."),
            ('=', ".....|.....|#####|.....|#####|.....|....."),
            ('_', ".....|.....|.....|.....|.....|.....|#####"),
            ('/', "....#|....#|...#.|..#..|.#...|#....|#...."),
            ('(', "...#.|..#..|.#...|.#...|.#...|..#..|...#."),
            (')', ".#...|..#..|...#.|...#.|...#.|..#..|.#..."),
            ('#', ".#.#.|.#.#.|#####|.#.#.|#####|.#.#.|.#.#."),
            ('%', "##..#|##..#|...#.|..#..|.#...|#..##|#..##"),
            ('?', ".###.|#...#|....#|...#.|..#..|.....|..#.."),
        ];

        var map = new Dictionary<char, ulong>();
        foreach ((char c, string rows) in glyphs)
        {
            string flat = rows.Replace("|", string.Empty, StringComparison.Ordinal);
            ulong bits = 0;
            for (int i = 0; i < flat.Length; i++)
            {
                if (flat[i] == '#')
                {
                    bits |= 1UL << i;
                }
            }

            map[c] = bits;
        }

        return map;
    }
}
