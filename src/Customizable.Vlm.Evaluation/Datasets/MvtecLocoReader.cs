namespace Customizable.Vlm.Evaluation.Datasets;

/// <summary>
/// Reads the MVTec LOCO AD layout: <c>train/good/*</c>, <c>test/{good,logical_anomalies,structural_anomalies}/*</c> (any subset, any
/// other type folder too), masks <c>ground_truth/&lt;type&gt;/NNN.png</c> or <c>ground_truth/&lt;type&gt;/NNN/*.png</c> (several masks per
/// image are united).
/// </summary>
internal static class MvtecLocoReader
{
    public static EvaluationDataset Read(string root, string categoryFolder, string category)
    {
        List<DatasetItem> train = [.. DatasetFiles.RequireImages(Path.Combine(categoryFolder, "train", "good"), "training")
            .Select(p => new DatasetItem(p, DatasetFiles.Relative(root, p), false, DatasetItem.NormalType))];

        string testFolder = Path.Combine(categoryFolder, "test");
        List<string> types = DatasetFiles.SubFolders(testFolder, "test");
        if (types.Count == 0)
        {
            throw new DatasetException(testFolder, $"The test folder '{testFolder}' has no type folders (expected good, logical_anomalies, structural_anomalies).", null);
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
                IReadOnlyList<string> maskPaths = hasMasks && anomalous ? FindMasks(root, masks, type, image) : [];
                test.Add(new DatasetItem(image, DatasetFiles.Relative(root, image), anomalous, type, maskPaths));
            }
        }

        return new EvaluationDataset(root, category, DatasetLayout.MvtecLoco, train, test, hasMasks);
    }

    private static List<string> FindMasks(string root, string masks, string type, string image)
    {
        string stem = Path.GetFileNameWithoutExtension(image);
        string folder = Path.Combine(masks, type, stem);
        if (Directory.Exists(folder))
        {
            return DatasetFiles.RequireImages(folder, $"mask of '{DatasetFiles.Relative(root, image)}'");
        }

        string file = Path.Combine(masks, type, stem + ".png");
        if (File.Exists(file))
        {
            return [file];
        }

        throw new DatasetException(folder, $"The mask of '{DatasetFiles.Relative(root, image)}' is missing: expected '{Path.Combine(folder, "000.png")}' or '{file}' (MVTec LOCO layout).", null);
    }
}
