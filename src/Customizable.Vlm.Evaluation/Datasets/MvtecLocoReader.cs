namespace Customizable.Vlm.Evaluation.Datasets;

/// <summary>
/// Reads the MVTec LOCO AD layout: <c>train/good/*</c>, <c>test/{good,logical_anomalies,structural_anomalies}/*</c> (any subset, any
/// other type folder too), masks <c>ground_truth/&lt;type&gt;/NNN.png</c> (or <c>NNN_mask.png</c>, <c>.bmp</c>) or <c>ground_truth/&lt;type&gt;/NNN/*.png</c> (several masks per
/// image are united).
/// </summary>
internal static class MvtecLocoReader
{
    public static EvaluationDataset Read(string root, string categoryFolder, string category) =>
        MvtecFolders.ReadWithGroundTruth(
            root,
            categoryFolder,
            category,
            DatasetLayout.MvtecLoco,
            "type folders (expected good, logical_anomalies, structural_anomalies)",
            (masks, type, image) => FindMasks(root, masks, type, image));

    private static List<string> FindMasks(string root, string masks, string type, string image)
    {
        string stem = Path.GetFileNameWithoutExtension(image);
        string folder = Path.Combine(masks, type, stem);
        if (Directory.Exists(folder))
        {
            return DatasetFiles.RequireImages(folder, $"mask of '{DatasetFiles.Relative(root, image)}'");
        }

        if (DatasetFiles.FindMask(Path.Combine(masks, type), stem, preferPlainName: true, out string expected) is { } file)
        {
            return [file];
        }

        throw new DatasetException(folder, $"The mask of '{DatasetFiles.Relative(root, image)}' is missing: expected '{Path.Combine(folder, "000.png")}' or {expected} (MVTec LOCO layout).", null);
    }
}
