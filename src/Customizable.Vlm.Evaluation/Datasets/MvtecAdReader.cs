namespace Customizable.Vlm.Evaluation.Datasets;

/// <summary>Reads the MVTec AD layout: <c>train/good/*</c>, <c>test/&lt;type&gt;/*</c>, optional <c>ground_truth/&lt;defect&gt;/&lt;name&gt;_mask.png</c>
/// (or <c>&lt;name&gt;.png</c>, <c>&lt;name&gt;_mask.bmp</c>, <c>&lt;name&gt;.bmp</c>).</summary>
internal static class MvtecAdReader
{
    public static EvaluationDataset Read(string root, string categoryFolder, string category) =>
        MvtecFolders.ReadWithGroundTruth(
            root,
            categoryFolder,
            category,
            DatasetLayout.MvtecAd,
            "defect-type folders (expected test/good and test/<defect>)",
            (masks, type, image) => [FindMask(root, masks, type, image)]);

    private static string FindMask(string root, string masks, string type, string image) =>
        DatasetFiles.FindMask(Path.Combine(masks, type), Path.GetFileNameWithoutExtension(image), preferPlainName: false, out string expected)
        ?? throw new DatasetException(
            Path.Combine(masks, type, Path.GetFileNameWithoutExtension(image) + "_mask.png"),
            $"The mask of '{DatasetFiles.Relative(root, image)}' is missing: expected {expected} (MVTec AD layout; remove the ground_truth folder to evaluate image-level metrics only).",
            null);
}
