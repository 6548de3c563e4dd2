namespace Customizable.Vlm.Evaluation.Datasets;

/// <summary>
/// Reads the MVTec 3D-AD layout, RGB images and masks only: <c>train/good/rgb/*</c>, <c>test/&lt;type&gt;/rgb/*</c> and
/// <c>test/&lt;type&gt;/gt/*</c>. The <c>xyz</c> point clouds are not read (no point-cloud encoder exists yet).
/// </summary>
internal static class Mvtec3dAdReader
{
    public static EvaluationDataset Read(string root, string categoryFolder, string category)
    {
        List<DatasetItem> train = MvtecFolders.NormalItems(root, Path.Combine(categoryFolder, "train", "good", "rgb"), "training rgb");
        List<string> types = MvtecFolders.TestTypeFolders(categoryFolder, "defect-type folders (expected test/<type>/rgb)");
        bool hasMasks = types.Any(t => Directory.Exists(Path.Combine(t, "gt")));
        List<DatasetItem> test = MvtecFolders.TestItems(
            root,
            types,
            RgbImages,
            (typeFolder, _, image, anomalous) => FindMask(root, typeFolder, image, hasMasks && anomalous));
        return new EvaluationDataset(root, category, DatasetLayout.Mvtec3dAd, train, test, hasMasks);
    }

    private static List<string> RgbImages(string typeFolder, string type)
    {
        string rgb = Path.Combine(typeFolder, "rgb");
        if (!Directory.Exists(rgb))
        {
            throw new DatasetException(rgb, $"The test folder '{typeFolder}' has no rgb folder (MVTec 3D-AD layout: test/<type>/{{rgb,gt,xyz}}).", null);
        }

        return DatasetFiles.RequireImages(rgb, $"test '{type}' rgb");
    }

    /// <summary>The image's gt file (<c>&lt;name&gt;.png</c>, or <c>&lt;name&gt;_mask.png</c>, <c>.bmp</c>) when it exists; none when it is
    /// absent and not <paramref name="required"/>.</summary>
    private static IReadOnlyList<string> FindMask(string root, string typeFolder, string image, bool required)
    {
        string gt = Path.Combine(typeFolder, "gt");
        if (DatasetFiles.FindMask(gt, Path.GetFileNameWithoutExtension(image), preferPlainName: true, out string expected) is { } mask)
        {
            return [mask];
        }

        if (required)
        {
            throw new DatasetException(
                Path.Combine(gt, Path.GetFileNameWithoutExtension(image) + ".png"),
                $"The mask of '{DatasetFiles.Relative(root, image)}' is missing: expected {expected} (MVTec 3D-AD layout).",
                null);
        }

        return [];
    }
}
