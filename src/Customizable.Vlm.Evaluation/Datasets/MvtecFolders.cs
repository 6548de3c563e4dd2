namespace Customizable.Vlm.Evaluation.Datasets;

/// <summary>
/// The scanning the MVTec-family readers share: a training folder of normal images, and a <c>test</c> folder with one sub-folder per
/// type (<c>good</c> normal, every other type anomalous); each layout says where a type's images and an image's masks are.
/// </summary>
internal static class MvtecFolders
{
    /// <summary>The training items: every image in <paramref name="folder"/>, all normal; throws when there is none.</summary>
    public static List<DatasetItem> NormalItems(string root, string folder, string what) =>
        [.. DatasetFiles.RequireImages(folder, what).Select(p => new DatasetItem(p, DatasetFiles.Relative(root, p), false, DatasetItem.NormalType))];

    /// <summary>The type folders of <c>&lt;categoryFolder&gt;/test</c> in ordinal order; throws when there is none.</summary>
    /// <param name="categoryFolder">The category's folder.</param>
    /// <param name="expected">What the error says the test folder lacks, e.g. "type folders (expected …)".</param>
    public static List<string> TestTypeFolders(string categoryFolder, string expected)
    {
        string testFolder = Path.Combine(categoryFolder, "test");
        List<string> types = DatasetFiles.SubFolders(testFolder, "test");
        if (types.Count == 0)
        {
            throw new DatasetException(testFolder, $"The test folder '{testFolder}' has no {expected}.", null);
        }

        return types;
    }

    /// <summary>The test items of every type folder, in folder order and then image order.</summary>
    /// <param name="root">The dataset root (item paths are relative to it).</param>
    /// <param name="typeFolders">The type folders.</param>
    /// <param name="images">A type folder's images (throwing when there are none), given the type folder and the type.</param>
    /// <param name="masks">An image's mask files, given the type folder, the type, the image and whether the type is anomalous.</param>
    public static List<DatasetItem> TestItems(
        string root,
        IReadOnlyList<string> typeFolders,
        Func<string, string, List<string>> images,
        Func<string, string, string, bool, IReadOnlyList<string>> masks)
    {
        var test = new List<DatasetItem>();
        foreach (string typeFolder in typeFolders)
        {
            string type = Path.GetFileName(typeFolder);
            bool anomalous = !string.Equals(type, DatasetItem.NormalType, StringComparison.Ordinal);
            foreach (string image in images(typeFolder, type))
            {
                test.Add(new DatasetItem(image, DatasetFiles.Relative(root, image), anomalous, type, masks(typeFolder, type, image, anomalous)));
            }
        }

        return test;
    }

    /// <summary>
    /// Reads a layout with the images directly in <c>test/&lt;type&gt;</c> and the masks under <c>ground_truth/&lt;type&gt;</c> (MVTec AD
    /// and LOCO): without a <c>ground_truth</c> folder the dataset has no masks; with one every anomalous image must have its mask.
    /// </summary>
    /// <param name="root">The dataset root.</param>
    /// <param name="categoryFolder">The category's folder.</param>
    /// <param name="category">The category's name.</param>
    /// <param name="layout">The layout read.</param>
    /// <param name="expectedTypes">What the error says the test folder lacks when it has no type folder.</param>
    /// <param name="findMasks">An anomalous image's mask files (throwing when missing), given the <c>ground_truth</c> folder, the type and the image.</param>
    public static EvaluationDataset ReadWithGroundTruth(
        string root,
        string categoryFolder,
        string category,
        DatasetLayout layout,
        string expectedTypes,
        Func<string, string, string, IReadOnlyList<string>> findMasks)
    {
        List<DatasetItem> train = NormalItems(root, Path.Combine(categoryFolder, "train", "good"), "training");
        List<string> types = TestTypeFolders(categoryFolder, expectedTypes);
        string masks = Path.Combine(categoryFolder, "ground_truth");
        bool hasMasks = Directory.Exists(masks);
        List<DatasetItem> test = TestItems(
            root,
            types,
            (typeFolder, type) => DatasetFiles.RequireImages(typeFolder, $"test '{type}'"),
            (_, type, image, anomalous) => hasMasks && anomalous ? findMasks(masks, type, image) : []);
        return new EvaluationDataset(root, category, layout, train, test, hasMasks);
    }
}
