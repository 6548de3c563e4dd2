namespace Customizable.Vlm.Evaluation.Datasets;

/// <summary>File-system helpers shared by the readers: listing images, relative paths, and errors that name the path.</summary>
/// <remarks>Only regular files are listed or accepted: a FIFO, device or socket named like an image is an error naming it, and is never
/// opened (see <see cref="RegularFiles"/>).</remarks>
internal static class DatasetFiles
{
    /// <summary>The image file extensions, lower case with the dot, in the order messages and help texts list them.</summary>
    public static readonly IReadOnlyList<string> ImageExtensionList = [".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp", ".gif"];

    /// <summary>The extensions as messages write them: <c>.png, .jpg, ... or .gif</c>.</summary>
    public static readonly string ImageExtensionsText = string.Join(", ", ImageExtensionList.Take(ImageExtensionList.Count - 1)) + " or " + ImageExtensionList[^1];

    private static readonly HashSet<string> ImageExtensions = new(ImageExtensionList, StringComparer.OrdinalIgnoreCase);

    /// <summary>True when the name has an image extension and is not hidden (the file type is not checked).</summary>
    public static bool IsImage(string path) =>
        ImageExtensions.Contains(Path.GetExtension(path)) && !Path.GetFileName(path).StartsWith('.');

    /// <summary>Lists the image files directly in <paramref name="folder"/>, in ordinal order; throws when the folder is missing or
    /// an image name is not a regular file.</summary>
    public static List<string> Images(string folder, string what)
    {
        RequireFolder(folder, what);
        List<string> images;
        try
        {
            images = [.. Directory.EnumerateFiles(folder).Where(IsImage).Order(StringComparer.Ordinal)];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException(folder, $"The {what} folder '{folder}' cannot be listed: {ex.Message}", ex);
        }

        foreach (string image in images)
        {
            RequireRegular(image, $"The {what} image");
        }

        return images;
    }

    /// <summary>Lists the image files in <paramref name="folder"/> and throws when there is none (never a silent empty set).</summary>
    public static List<string> RequireImages(string folder, string what)
    {
        List<string> images = Images(folder, what);
        if (images.Count == 0)
        {
            throw new DatasetException(folder, $"The {what} folder '{folder}' holds no images (expected {ImageExtensionsText} files).", null);
        }

        return images;
    }

    /// <summary>Throws unless <paramref name="path"/> is missing or a regular file; returns whether it exists.</summary>
    /// <param name="path">The file.</param>
    /// <param name="what">How the message starts, e.g. "The mask".</param>
    public static bool ExistsAsRegular(string path, string what)
    {
        FileKind kind = RegularFiles.GetKind(path);
        if (kind is FileKind.Directory or FileKind.Special)
        {
            throw NotRegular(path, what, kind);
        }

        return kind == FileKind.Regular;
    }

    /// <summary>Throws unless <paramref name="path"/> is a regular file.</summary>
    public static void RequireRegular(string path, string what)
    {
        FileKind kind = RegularFiles.GetKind(path);
        if (kind != FileKind.Regular)
        {
            throw kind == FileKind.Missing ? new DatasetException(path, $"{what} '{path}' does not exist.", null) : NotRegular(path, what, kind);
        }
    }

    /// <summary>
    /// Finds the mask of an image among <c>&lt;stem&gt;_mask.png</c>, <c>&lt;stem&gt;.png</c>, <c>&lt;stem&gt;_mask.bmp</c> and
    /// <c>&lt;stem&gt;.bmp</c> in <paramref name="folder"/> (in that order, <paramref name="preferPlainName"/> puts the plain names first).
    /// </summary>
    /// <returns>The mask, or null with <paramref name="expected"/> listing what was looked for.</returns>
    public static string? FindMask(string folder, string stem, bool preferPlainName, out string expected)
    {
        string[] names = preferPlainName
            ? [stem + ".png", stem + "_mask.png", stem + ".bmp", stem + "_mask.bmp"]
            : [stem + "_mask.png", stem + ".png", stem + "_mask.bmp", stem + ".bmp"];
        expected = $"'{Path.Combine(folder, names[0])}' (or {string.Join(", ", names.Skip(1))})";
        foreach (string name in names)
        {
            string candidate = Path.Combine(folder, name);
            if (ExistsAsRegular(candidate, "The mask"))
            {
                return candidate;
            }
        }

        return null;
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

    /// <summary>True when <paramref name="category"/> can name a folder directly in the dataset root: not empty, no path separator,
    /// not <c>.</c> or <c>..</c>, no character invalid in file names.</summary>
    public static bool IsFolderName(string category) =>
        !string.IsNullOrWhiteSpace(category)
        && category is not ("." or "..")
        && category.IndexOfAny(['/', '\\']) < 0
        && category.IndexOfAny(Path.GetInvalidFileNameChars()) < 0
        && !Path.IsPathRooted(category);

    /// <summary>The path of <paramref name="path"/> relative to <paramref name="root"/>, with forward slashes.</summary>
    public static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');

    /// <summary>True when <paramref name="path"/> (a full path) is <paramref name="root"/> or inside it.</summary>
    public static bool IsUnder(string root, string path)
    {
        string relative = Path.GetRelativePath(root, path);
        return relative != ".." && !relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            && !relative.StartsWith("../", StringComparison.Ordinal) && !Path.IsPathRooted(relative);
    }

    /// <summary>Lists the sub-folders of the dataset root for an error message.</summary>
    public static string Available(string root)
    {
        var names = Directory.Exists(root)
            ? Directory.EnumerateDirectories(root).Select(Path.GetFileName).Where(n => n is not null && !n.StartsWith('.')).Order(StringComparer.Ordinal).ToList()
            : [];
        return names.Count == 0 ? "it holds no sub-folders" : $"it holds: {string.Join(", ", names)}";
    }

    private static DatasetException NotRegular(string path, string what, FileKind kind) =>
        new(path, kind == FileKind.Directory
            ? $"{what} '{path}' is a folder, not a file."
            : $"{what} '{path}' is not a regular file (a FIFO, device or socket); it was not opened. Remove it or replace it with the image file.", null);
}
