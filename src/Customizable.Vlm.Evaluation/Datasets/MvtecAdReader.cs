namespace Customizable.Vlm.Evaluation.Datasets;

/// <summary>Reads the MVTec AD layout: <c>train/good/*</c>, <c>test/&lt;type&gt;/*</c>, optional <c>ground_truth/&lt;defect&gt;/&lt;name&gt;_mask.png</c>.</summary>
internal static class MvtecAdReader
{
    public static EvaluationDataset Read(string root, string categoryFolder, string category)
    {
        List<DatasetItem> train = [.. DatasetFiles.RequireImages(Path.Combine(categoryFolder, "train", "good"), "training")
            .Select(p => new DatasetItem(p, DatasetFiles.Relative(root, p), false, DatasetItem.NormalType))];

        string testFolder = Path.Combine(categoryFolder, "test");
        List<string> types = DatasetFiles.SubFolders(testFolder, "test");
        if (types.Count == 0)
        {
            throw new DatasetException(testFolder, $"The test folder '{testFolder}' has no defect-type folders (expected test/good and test/<defect>).", null);
        }

        string masks = Path.Combine(categoryFolder, "ground_truth");
        bool hasMasks = Directory.Exists(masks);
        var test = new List<DatasetItem>();
        foreach (string typeFolder in types)
        {
            string type = Path.GetFileName(typeFolder);
            bool anomalous = !string.Equals(type, DatasetItem.NormalType, StringComparison.Ordinal);
            foreach (string image in DatasetFiles.RequireImages(typeFolder, $"test '{type}'"))
            {
                IReadOnlyList<string> maskPaths = [];
                if (hasMasks && anomalous)
                {
                    string mask = Path.Combine(masks, type, Path.GetFileNameWithoutExtension(image) + "_mask.png");
                    if (!File.Exists(mask))
                    {
                        throw new DatasetException(mask, $"The mask of '{DatasetFiles.Relative(root, image)}' is missing: expected '{mask}' (MVTec AD layout; remove the ground_truth folder to evaluate image-level metrics only).", null);
                    }

                    maskPaths = [mask];
                }

                test.Add(new DatasetItem(image, DatasetFiles.Relative(root, image), anomalous, type, maskPaths));
            }
        }

        return new EvaluationDataset(root, category, DatasetLayout.MvtecAd, train, test, hasMasks);
    }
}
