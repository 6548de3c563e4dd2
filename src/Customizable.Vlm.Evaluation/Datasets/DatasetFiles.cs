namespace Customizable.Vlm.Evaluation.Datasets;

/// <summary>File-system helpers shared by the readers: listing images, relative paths, and errors that name the path.</summary>
internal static class DatasetFiles
{
    private static readonly HashSet<string> ImageExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp", ".gif",
    };

    public static bool IsImage(string path) =>
        ImageExtensions.Contains(Path.GetExtension(path)) && !Path.GetFileName(path).StartsWith('.');

    /// <summary>Lists the image files directly in <paramref name="folder"/>, in ordinal order; throws when the folder is missing.</summary>
    public static List<string> Images(string folder, string what)
    {
        RequireFolder(folder, what);
        try
        {
            return [.. Directory.EnumerateFiles(folder).Where(IsImage).Order(StringComparer.Ordinal)];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException(folder, $"The {what} folder '{folder}' cannot be listed: {ex.Message}", ex);
        }
    }

    /// <summary>Lists the image files in <paramref name="folder"/> and throws when there is none (never a silent empty set).</summary>
    public static List<string> RequireImages(string folder, string what)
    {
        List<string> images = Images(folder, what);
        if (images.Count == 0)
        {
            throw new DatasetException(folder, $"The {what} folder '{folder}' holds no images (expected .png, .jpg, .bmp, .tif or .webp files).", null);
        }

        return images;
    }

    /// <summary>Lists the sub-folders of <paramref name="folder"/> in ordinal order (hidden ones skipped).</summary>
    public static List<string> SubFolders(string folder, string what)
    {
        RequireFolder(folder, what);
        return [.. Directory.EnumerateDirectories(folder).Where(d => !Path.GetFileName(d).StartsWith('.')).Order(StringComparer.Ordinal)];
    }

    public static void RequireFolder(string folder, string what)
    {
        if (!Directory.Exists(folder))
        {
            throw new DatasetException(folder, $"The {what} folder '{folder}' does not exist.", null);
        }
    }

    /// <summary>The path of <paramref name="path"/> relative to <paramref name="root"/>, with forward slashes.</summary>
    public static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');

    /// <summary>Lists the sub-folders of the dataset root for an error message.</summary>
    public static string Available(string root)
    {
        var names = Directory.Exists(root)
            ? Directory.EnumerateDirectories(root).Select(Path.GetFileName).Where(n => n is not null && !n.StartsWith('.')).Order(StringComparer.Ordinal).ToList()
            : [];
        return names.Count == 0 ? "it holds no sub-folders" : $"it holds: {string.Join(", ", names)}";
    }
}
