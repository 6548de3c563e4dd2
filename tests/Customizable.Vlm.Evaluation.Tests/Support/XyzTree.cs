using Customizable.Vlm.Tests.PointClouds;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Customizable.Vlm.Evaluation.Tests.Support;

/// <summary>
/// An MVTec 3D-AD xyz category written by the tests: <c>CAT/train/good/xyz/*.tiff</c>, <c>CAT/test/good/xyz/*.tiff</c> and
/// <c>CAT/test/bump/{xyz,gt}</c>. Each cloud is a <see cref="Width"/> x <see cref="Height"/> height field (float XYZ TIFF) whose
/// first column is all zero (missing points); a bump cloud is raised inside <see cref="InBump"/> and its mask marks that square.
/// </summary>
internal static class XyzTree
{
    public const string Category = "cookie";
    public const int Width = 24;
    public const int Height = 20;

    /// <summary>The bump square of the masks: pixels x in [12, 18), y in [6, 12).</summary>
    public static bool InBump(int x, int y) => x is >= 12 and < 18 && y is >= 6 and < 12;

    /// <summary>Whether a pixel holds a point (the first column is missing).</summary>
    public static bool HasPoint(int x, int y) => x > 0;

    public static string Write(string root, int train = 2, int good = 1, int bumps = 2)
    {
        string category = Path.Combine(root, Category);
        for (int i = 0; i < train; i++)
        {
            Cloud(Path.Combine(category, "train", "good", "xyz", $"{i:000}.tiff"), i, bump: false);
        }

        for (int i = 0; i < good; i++)
        {
            Cloud(Path.Combine(category, "test", "good", "xyz", $"{i:000}.tiff"), 100 + i, bump: false);
        }

        for (int i = 0; i < bumps; i++)
        {
            Cloud(Path.Combine(category, "test", "bump", "xyz", $"{i:000}.tiff"), 200 + i, bump: true);
            Mask(Path.Combine(category, "test", "bump", "gt", $"{i:000}.png"), Width, Height);
        }

        return category;
    }

    public static void Mask(string path, int width, int height)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var image = new Image<L8>(width, height);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                image[x, y] = new L8(InBump(x, y) ? (byte)255 : (byte)0);
            }
        }

        image.SaveAsPng(path);
    }

    private static void Cloud(string path, int seed, bool bump)
    {
        var random = new Random(seed);
        float[] xyz = new float[Width * Height * 3];
        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                if (!HasPoint(x, y))
                {
                    continue;
                }

                int o = ((y * Width) + x) * 3;
                xyz[o] = x * 0.1f;
                xyz[o + 1] = y * 0.1f;
                xyz[o + 2] = 5f + (random.NextSingle() * 0.002f) + (bump && InBump(x, y) ? 0.4f : 0f);
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, TiffFiles.Write(xyz, new TiffSpec { Width = Width, Height = Height }));
    }
}
