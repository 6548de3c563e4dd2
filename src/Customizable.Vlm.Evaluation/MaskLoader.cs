using Customizable.Vlm.Evaluation.Datasets;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.PixelFormats;

namespace Customizable.Vlm.Evaluation;

/// <summary>
/// Loads ground-truth masks: any non-zero colour value is anomalous (alpha ignored); several masks of one image are united. Masks
/// pass the same file and structure checks as images (<see cref="ImageChecks.ReadComplete"/>): truncated masks are refused.
/// </summary>
internal static class MaskLoader
{
    /// <summary>The largest mask accepted, in pixels (a guard against decompression bombs).</summary>
    public const long MaxPixels = 256L * 1024 * 1024;

    public static Task<(bool[] Mask, int Width, int Height)> LoadUnionAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        // The files are read whole (they must be, to check that they are complete) and decoded from memory: synchronous work.
        try
        {
            return Task.FromResult(LoadUnion(paths, cancellationToken));
        }
        catch (Exception e)
        {
            return Task.FromException<(bool[] Mask, int Width, int Height)>(e);
        }
    }

    private static (bool[] Mask, int Width, int Height) LoadUnion(IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        bool[]? union = null;
        int width = 0, height = 0;
        foreach (string path in paths)
        {
            cancellationToken.ThrowIfCancellationRequested();
            byte[] data = ImageChecks.ReadComplete(path, "mask");
            (int w, int h) = ImageChecks.Identify(data, path, "mask");
            if ((long)w * h > MaxPixels)
            {
                throw new DatasetException(path, $"The mask '{path}' has {(long)w * h:N0} pixels, more than the {MaxPixels:N0} accepted.", null);
            }

            if (union is null)
            {
                (width, height) = (w, h);
                union = new bool[w * h];
            }
            else if (w != width || h != height)
            {
                throw new DatasetException(path, $"The mask '{path}' is {w}x{h} but the other masks of the same image are {width}x{height}.", null);
            }

            Image<Rgba64> image;
            try
            {
                image = Image.Load<Rgba64>(data);
            }
            catch (Exception ex) when (ex is ImageFormatException or InvalidMemoryOperationException or IOException or NotSupportedException)
            {
                throw new DatasetException(path, $"The mask '{path}' cannot be read: {ex.Message}", ex);
            }

            using (image)
            {
                bool[] target = union;
                image.ProcessPixelRows(rows =>
                {
                    for (int y = 0; y < rows.Height; y++)
                    {
                        Span<Rgba64> row = rows.GetRowSpan(y);
                        for (int x = 0; x < row.Length; x++)
                        {
                            Rgba64 p = row[x];
                            if ((p.R | p.G | p.B) != 0)
                            {
                                target[(y * width) + x] = true;
                            }
                        }
                    }
                });
            }
        }

        return union is null ? throw new ArgumentException("No mask path.", nameof(paths)) : (union, width, height);
    }
}
