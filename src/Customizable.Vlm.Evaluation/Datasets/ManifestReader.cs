using System.Globalization;
using System.Text.Json;

namespace Customizable.Vlm.Evaluation.Datasets;

/// <summary>
/// Reads the original Customizable-VLM JSON manifest: a list of <c>{"object_type", "defect_img_path", "good_img_path", "label",
/// "defect_type"}</c> where <c>label</c> 1 means normal and 0 anomalous. The query is <c>defect_img_path</c>; the distinct
/// <c>good_img_path</c> values of the category form the reference pool.
/// </summary>
/// <remarks>
/// <para>Relative paths (backslashes or slashes) are resolved against the manifest's folder, and must stay inside it: an absolute path
/// or a <c>..</c> that leaves the folder is a <see cref="DatasetException"/> naming the entry, raised before anything is opened.</para>
/// <para>With <see cref="DatasetReaderOptions.AllowPathsOutsideRoot"/>, paths are resolved against the nearest folder, from the
/// manifest's upwards, in which the category's first image exists (the original manifests are relative to their repository's root),
/// and absolute paths and <c>..</c> are accepted.</para>
/// <para>Every image must be a regular file: a FIFO, device or socket is an error and is never opened.</para>
/// </remarks>
internal static class ManifestReader
{
    private const int MaxManifestBytes = 64 * 1024 * 1024;

    public static EvaluationDataset Read(string manifestPath, string category, bool allowOutsideRoot)
    {
        List<Entry> all = Parse(manifestPath);
        List<Entry> entries = [.. all.Where(e => string.Equals(e.ObjectType, category, StringComparison.Ordinal))];
        if (entries.Count == 0)
        {
            string available = string.Join(", ", all.Select(e => e.ObjectType).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
            throw new DatasetException(manifestPath, $"The manifest '{manifestPath}' has no entry with object_type '{category}'; it has: {(available.Length == 0 ? "no entries" : available)}.", null);
        }

        string root = allowOutsideRoot ? FindBase(manifestPath, entries[0].DefectImage) : Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        var train = new List<DatasetItem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (Entry e in entries)
        {
            string path = Resolve(manifestPath, root, e.GoodImage, e.Index, "good_img_path", allowOutsideRoot);
            if (seen.Add(path))
            {
                train.Add(new DatasetItem(path, Normalize(e.GoodImage), false, DatasetItem.NormalType));
            }
        }

        var test = entries
            .Select(e => new DatasetItem(
                Resolve(manifestPath, root, e.DefectImage, e.Index, "defect_img_path", allowOutsideRoot),
                Normalize(e.DefectImage),
                e.Label == 0,
                e.DefectType ?? (e.Label == 0 ? "anomalous" : DatasetItem.NormalType)))
            .ToList();
        return new EvaluationDataset(root, category, DatasetLayout.Manifest, [.. train.OrderBy(i => i.RelativePath, StringComparer.Ordinal)], test, hasMasks: false);
    }

    private static List<Entry> Parse(string manifestPath)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(manifestPath);
            if (!info.Exists)
            {
                throw new DatasetException(manifestPath, $"The manifest '{manifestPath}' does not exist.", null);
            }

            DatasetFiles.RequireRegular(manifestPath, "The manifest");
            if (info.Length > MaxManifestBytes)
            {
                throw new DatasetException(manifestPath, $"The manifest '{manifestPath}' is larger than {MaxManifestBytes / (1024 * 1024)} MiB.", null);
            }

            bytes = File.ReadAllBytes(manifestPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException(manifestPath, $"The manifest '{manifestPath}' cannot be read: {ex.Message}", ex);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new DatasetException(manifestPath, $"The manifest '{manifestPath}' is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new DatasetException(manifestPath, $"The manifest '{manifestPath}' must be a JSON list of entries, not a {document.RootElement.ValueKind}.", null);
            }

            var entries = new List<Entry>();
            int index = 0;
            try
            {
                foreach (JsonElement element in document.RootElement.EnumerateArray())
                {
                    entries.Add(ReadEntry(manifestPath, element, index++));
                }
            }
            catch (InvalidOperationException ex)
            {
                // A string that is not valid UTF-8 passes the parser and fails only when it is read.
                throw new DatasetException(manifestPath, $"Entry {index - 1} of the manifest '{manifestPath}' cannot be read: {ex.Message}", ex);
            }

            return entries;
        }
    }

    private static Entry ReadEntry(string manifestPath, JsonElement element, int index)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Bad(manifestPath, index, "is not an object");
        }

        string objectType = RequiredString(manifestPath, element, index, "object_type");
        string defect = RequiredString(manifestPath, element, index, "defect_img_path");
        string good = RequiredString(manifestPath, element, index, "good_img_path");
        if (!element.TryGetProperty("label", out JsonElement label))
        {
            throw Bad(manifestPath, index, "has no 'label'");
        }

        int value = label.ValueKind switch
        {
            JsonValueKind.Number when label.TryGetInt32(out int n) => n,
            JsonValueKind.String when int.TryParse(label.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out int n) => n,
            _ => -1,
        };
        if (value is not (0 or 1))
        {
            throw Bad(manifestPath, index, $"has label {label.GetRawText()}; it must be 1 (normal) or 0 (anomalous)");
        }

        string? defectType = element.TryGetProperty("defect_type", out JsonElement type) && type.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(type.GetString())
            ? type.GetString()
            : null;
        return new Entry(index, objectType, defect, good, value, defectType);
    }

    private static string RequiredString(string manifestPath, JsonElement element, int index, string name)
    {
        if (!element.TryGetProperty(name, out JsonElement value) || value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            throw Bad(manifestPath, index, $"has no '{name}' string");
        }

        return value.GetString()!;
    }

    private static DatasetException Bad(string manifestPath, int index, string what) =>
        new(manifestPath, $"Entry {index} of the manifest '{manifestPath}' {what}.", null);

    private static string Normalize(string path) => path.Replace('\\', '/');

    private static string FindBase(string manifestPath, string firstImage) =>
        TryFindBase(manifestPath, firstImage)
        ?? throw new DatasetException(
            Path.Combine(Path.GetDirectoryName(Path.GetFullPath(manifestPath))!, Normalize(firstImage)),
            $"The manifest's image '{firstImage}' was found neither beside '{manifestPath}' nor in any parent folder.",
            null);

    /// <summary>The nearest folder, from the manifest's upwards, in which <paramref name="image"/> exists (looked up, never opened).</summary>
    private static string? TryFindBase(string manifestPath, string image)
    {
        string normalized = Normalize(image);
        string start = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        if (Path.IsPathRooted(normalized))
        {
            return start;
        }

        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, normalized)))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    private static string Resolve(string manifestPath, string root, string path, int index, string field, bool allowOutsideRoot)
    {
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            // No file system accepts it, and Path.GetFullPath would throw ArgumentException (found by a fuzzer).
            throw new DatasetException(manifestPath, $"Entry {index} of the manifest '{manifestPath}': {field} holds a NUL character; it is not a path.", null);
        }

        string normalized = Normalize(path);
        bool rooted = Path.IsPathRooted(normalized);
        string full = Path.GetFullPath(rooted ? normalized : Path.Combine(root, normalized));
        string entry = $"Entry {index} of the manifest '{manifestPath}'";
        if (!allowOutsideRoot && (rooted || !DatasetFiles.IsUnder(root, full)))
        {
            throw new DatasetException(
                full,
                $"{entry}: {field} '{path}' {(rooted ? "is an absolute path" : "leaves the manifest's folder")}; it was not opened. Paths must stay inside '{root}' " +
                "(pass --allow-outside-root, or DatasetReaderOptions.AllowPathsOutsideRoot, to read images outside it).",
                null);
        }

        switch (RegularFiles.GetKind(full))
        {
            case FileKind.Regular:
                return full;
            case FileKind.Missing:
                string hint = !allowOutsideRoot && TryFindBase(manifestPath, path) is { } parent && !string.Equals(parent, root, StringComparison.Ordinal)
                    ? $" It exists relative to the parent folder '{parent}' (the original manifests are relative to their repository's root): pass --allow-outside-root to read it from there."
                    : string.Empty;
                throw new DatasetException(full, $"{entry}: {field} '{path}' does not exist (looked for '{full}').{hint}", null);
            default:
                throw new DatasetException(full, $"{entry}: {field} '{full}' is not a regular file (a folder, FIFO, device or socket); it was not opened.", null);
        }
    }

    private sealed record Entry(int Index, string ObjectType, string DefectImage, string GoodImage, int Label, string? DefectType);
}
