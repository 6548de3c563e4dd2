namespace Customizable.Vlm.Evaluation.Datasets;

/// <summary>
/// Reads the MVTec 3D-AD layout as point clouds: <c>train/good/xyz/*.tiff</c> (normal), <c>test/&lt;type&gt;/xyz/*.tiff</c> and the
/// masks <c>test/&lt;type&gt;/gt/&lt;name&gt;.png</c>. Every item is an organized float XYZ TIFF inspected as a point cloud; an anomalous
/// test cloud needs its mask when the category has any <c>gt</c> folder (its pixels become point labels through the grid, see
/// <see cref="OrganizedPointLabels"/>).
/// </summary>
internal static class Mvtec3dAdXyzReader
{
    /// <summary>True for a file name this layout lists as a cloud (<c>.tif</c> or <c>.tiff</c>, not hidden).</summary>
    public static bool IsTiff(string path) =>
        !Path.GetFileName(path).StartsWith('.')
        && (string.Equals(Path.GetExtension(path), ".tiff", StringComparison.OrdinalIgnoreCase)
            || string.Equals(Path.GetExtension(path), ".tif", StringComparison.OrdinalIgnoreCase));

    public static EvaluationDataset Read(string root, string categoryFolder, string category)
    {
        List<DatasetItem> train =
        [
            .. Tiffs(Path.Combine(categoryFolder, "train", "good", "xyz"), "training xyz")
                .Select(p => new DatasetItem(p, DatasetFiles.Relative(root, p), false, DatasetItem.NormalType) { IsPointCloud = true }),
        ];
        List<string> types = MvtecFolders.TestTypeFolders(categoryFolder, "defect-type folders (expected test/<type>/xyz)");
        bool hasMasks = types.Any(t => Directory.Exists(Path.Combine(t, "gt")));
        var test = new List<DatasetItem>();
        foreach (string typeFolder in types)
        {
            string type = Path.GetFileName(typeFolder);
            bool anomalous = !string.Equals(type, DatasetItem.NormalType, StringComparison.Ordinal);
            string xyz = Path.Combine(typeFolder, "xyz");
            if (!Directory.Exists(xyz))
            {
                throw new DatasetException(xyz, $"The test folder '{typeFolder}' has no xyz folder (MVTec 3D-AD layout: test/<type>/{{xyz,gt}}).", null);
            }

            foreach (string cloud in Tiffs(xyz, $"test '{type}' xyz"))
            {
                IReadOnlyList<string> masks = anomalous && hasMasks ? [FindMask(root, typeFolder, cloud)] : [];
                test.Add(new DatasetItem(cloud, DatasetFiles.Relative(root, cloud), anomalous, type, masks) { IsPointCloud = true });
            }
        }

        // Pixel metrics do not apply (the masks label points); the point AUROC uses them.
        return new EvaluationDataset(root, category, DatasetLayout.Mvtec3dAdXyz, train, test, hasMasks: false);
    }

    private static List<string> Tiffs(string folder, string what)
    {
        DatasetFiles.RequireFolder(folder, what);
        List<string> files;
        try
        {
            files = [.. Directory.EnumerateFiles(folder).Where(IsTiff).Order(StringComparer.Ordinal)];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException(folder, $"The {what} folder '{folder}' cannot be listed: {ex.Message}", ex);
        }

        foreach (string file in files)
        {
            DatasetFiles.RequireRegular(file, $"The {what} cloud");
        }

        return files.Count > 0
            ? files
            : throw new DatasetException(folder, $"The {what} folder '{folder}' holds no .tiff point clouds (MVTec 3D-AD layout).", null);
    }

    private static string FindMask(string root, string typeFolder, string cloud)
    {
        string gt = Path.Combine(typeFolder, "gt");
        return DatasetFiles.FindMask(gt, Path.GetFileNameWithoutExtension(cloud), preferPlainName: true, out string expected) is { } mask
            ? mask
            : throw new DatasetException(
                Path.Combine(gt, Path.GetFileNameWithoutExtension(cloud) + ".png"),
                $"The mask of '{DatasetFiles.Relative(root, cloud)}' is missing: expected {expected} (MVTec 3D-AD layout).",
                null);
    }
}
