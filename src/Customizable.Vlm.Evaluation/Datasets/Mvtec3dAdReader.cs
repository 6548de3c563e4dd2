namespace Customizable.Vlm.Evaluation.Datasets;

/// <summary>
/// Reads the MVTec 3D-AD layout, RGB images and masks only: <c>train/good/rgb/*</c>, <c>test/&lt;type&gt;/rgb/*</c> and
/// <c>test/&lt;type&gt;/gt/*</c>. The <c>xyz</c> point clouds are not read (no point-cloud encoder exists yet).
/// </summary>
internal static class Mvtec3dAdReader
{
    public static EvaluationDataset Read(string root, string categoryFolder, string category)
    {
        List<DatasetItem> train = [.. DatasetFiles.RequireImages(Path.Combine(categoryFolder, "train", "good", "rgb"), "training rgb")
            .Select(p => new DatasetItem(p, DatasetFiles.Relative(root, p), false, DatasetItem.NormalType))];

        string testFolder = Path.Combine(categoryFolder, "test");
        List<string> types = DatasetFiles.SubFolders(testFolder, "test");
        if (types.Count == 0)
        {
            throw new DatasetException(testFolder, $"The test folder '{testFolder}' has no defect-type folders (expected test/<type>/rgb).", null);
        }

        bool hasMasks = types.Any(t => Directory.Exists(Path.Combine(t, "gt")));
        var test = new List<DatasetItem>();
        foreach (string typeFolder in types)
        {
            string type = Path.GetFileName(typeFolder);
            bool anomalous = !string.Equals(type, DatasetItem.NormalType, StringComparison.Ordinal);
            string rgb = Path.Combine(typeFolder, "rgb");
            if (!Directory.Exists(rgb))
            {
                throw new DatasetException(rgb, $"The test folder '{typeFolder}' has no rgb folder (MVTec 3D-AD layout: test/<type>/{{rgb,gt,xyz}}).", null);
            }

            foreach (string image in DatasetFiles.RequireImages(rgb, $"test '{type}' rgb"))
            {
                IReadOnlyList<string> maskPaths = [];
                string mask = Path.Combine(typeFolder, "gt", Path.GetFileName(image));
                if (File.Exists(mask))
                {
                    maskPaths = [mask];
                }
                else if (hasMasks && anomalous)
                {
                    throw new DatasetException(mask, $"The mask of '{DatasetFiles.Relative(root, image)}' is missing: expected '{mask}' (MVTec 3D-AD layout).", null);
                }

                test.Add(new DatasetItem(image, DatasetFiles.Relative(root, image), anomalous, type, maskPaths));
            }
        }

        return new EvaluationDataset(root, category, DatasetLayout.Mvtec3dAd, train, test, hasMasks);
    }
}
