namespace Customizable.Vlm.Evaluation.Datasets;

/// <summary>
/// Reads the Anomaly-ShapeNet point-cloud layout: <c>CAT/train/*.pcd</c> (normal clouds), <c>CAT/test/*.pcd</c> (a name
/// containing <c>positive</c> is normal, any other is anomalous) and <c>CAT/GT/&lt;test name without .pcd&gt;.txt</c> for each
/// anomalous test cloud (one <c>x,y,z,label</c> line per point in the cloud's point order, 1 = anomalous). The defect type of an
/// anomalous cloud is its name without trailing digits, underscores and dashes (<c>dent0.pcd</c> is a <c>dent</c>).
/// </summary>
internal static class AnomalyShapeNetReader
{
    /// <summary>True when a file name is a point cloud this layout lists (<c>.pcd</c> or <c>.ply</c>, not hidden).</summary>
    public static bool IsCloud(string path) =>
        !Path.GetFileName(path).StartsWith('.')
        && (string.Equals(Path.GetExtension(path), ".pcd", StringComparison.OrdinalIgnoreCase)
            || string.Equals(Path.GetExtension(path), ".ply", StringComparison.OrdinalIgnoreCase));

    /// <summary>True when the category folder looks like this layout: clouds directly in <c>test</c>.</summary>
    public static bool Looks(string categoryFolder)
    {
        string test = Path.Combine(categoryFolder, "test");
        return Directory.Exists(test) && Directory.EnumerateFiles(test).Any(IsCloud);
    }

    public static EvaluationDataset Read(string root, string categoryFolder, string category)
    {
        List<DatasetItem> train = [.. Clouds(Path.Combine(categoryFolder, "train"), "training").Select(p => new DatasetItem(p, DatasetFiles.Relative(root, p), false, DatasetItem.NormalType))];
        string gt = Path.Combine(categoryFolder, "GT");
        var test = new List<DatasetItem>();
        foreach (string cloud in Clouds(Path.Combine(categoryFolder, "test"), "test"))
        {
            string stem = Path.GetFileNameWithoutExtension(cloud);
            string relative = DatasetFiles.Relative(root, cloud);
            if (stem.Contains("positive", StringComparison.OrdinalIgnoreCase))
            {
                test.Add(new DatasetItem(cloud, relative, false, DatasetItem.NormalType));
                continue;
            }

            string labels = Path.Combine(gt, stem + ".txt");
            if (!DatasetFiles.ExistsAsRegular(labels, "The ground-truth file"))
            {
                throw new DatasetException(
                    labels,
                    $"The ground truth of the anomalous test cloud '{relative}' is missing: expected '{labels}' (Anomaly-ShapeNet layout: GT/<test name>.txt " +
                    "with one x,y,z,label line per point; normal test clouds have 'positive' in their name).",
                    null);
            }

            string type = stem.TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '_', '-');
            test.Add(new DatasetItem(cloud, relative, true, type.Length == 0 ? "anomalous" : type) { PointLabelsPath = labels });
        }

        List<DatasetItem> ordered = [.. test.OrderBy(i => i.IsAnomalous ? i.DefectType : DatasetItem.NormalType, StringComparer.Ordinal).ThenBy(i => i.RelativePath, StringComparer.Ordinal)];
        return new EvaluationDataset(root, category, DatasetLayout.AnomalyShapeNet, train, ordered, hasMasks: false);
    }

    private static List<string> Clouds(string folder, string what)
    {
        DatasetFiles.RequireFolder(folder, what);
        List<string> clouds;
        try
        {
            clouds = [.. Directory.EnumerateFiles(folder).Where(IsCloud).Order(StringComparer.Ordinal)];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException(folder, $"The {what} folder '{folder}' cannot be listed: {ex.Message}", ex);
        }

        if (clouds.Count == 0)
        {
            throw new DatasetException(folder, $"The {what} folder '{folder}' holds no point clouds (expected .pcd or .ply files).", null);
        }

        foreach (string cloud in clouds)
        {
            DatasetFiles.RequireRegular(cloud, $"The {what} cloud");
        }

        return clouds;
    }
}
