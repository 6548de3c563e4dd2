namespace Customizable.Vlm.Cli;

/// <summary>Expands command-line paths into image files: a folder stands for the images directly in it.</summary>
internal static class ImageArguments
{
    private static readonly HashSet<string> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp", ".gif",
    };

    /// <summary>Returns the image files named by <paramref name="paths"/>, folders expanded in ordinal order.</summary>
    /// <exception cref="CliInputException">A path does not exist, or a folder holds no image.</exception>
    public static List<string> Expand(IEnumerable<string> paths, string what)
    {
        var files = new List<string>();
        foreach (string path in paths)
        {
            string full = Path.GetFullPath(path);
            if (Directory.Exists(full))
            {
                List<string> images = [.. Directory.EnumerateFiles(full)
                    .Where(f => Extensions.Contains(Path.GetExtension(f)) && !Path.GetFileName(f).StartsWith('.'))
                    .Order(StringComparer.Ordinal)];
                if (images.Count == 0)
                {
                    throw new CliInputException($"The {what} folder '{full}' holds no images (.png, .jpg, .bmp, .tif, .webp).");
                }

                files.AddRange(images);
            }
            else if (File.Exists(full))
            {
                files.Add(full);
            }
            else
            {
                throw new CliInputException($"The {what} '{full}' does not exist.");
            }
        }

        return files;
    }
}
