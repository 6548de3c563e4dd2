namespace Customizable.Vlm.Evaluation.Datasets;

/// <summary>Reads the MVTec AD layout: <c>train/good/*</c>, <c>test/&lt;type&gt;/*</c>, optional <c>ground_truth/&lt;defect&gt;/&lt;name&gt;_mask.png</c>.</summary>
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

    private static string FindMask(string root, string masks, string type, string image)
    {
        string mask = Path.Combine(masks, type, Path.GetFileNameWithoutExtension(image) + "_mask.png");
        if (!File.Exists(mask))
        {
            throw new DatasetException(mask, $"The mask of '{DatasetFiles.Relative(root, image)}' is missing: expected '{mask}' (MVTec AD layout; remove the ground_truth folder to evaluate image-level metrics only).", null);
        }

        return mask;
    }
}
