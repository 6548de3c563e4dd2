using Customizable.Vlm.Evaluation.Datasets;
using Customizable.Vlm.Evaluation.PointClouds;
using Customizable.Vlm.Evaluation.Tests.Support;

namespace Customizable.Vlm.Evaluation.Tests.Datasets;

public sealed class AnomalyShapeNetReaderTests : IDisposable
{
    private readonly DatasetTree _tree = new();

    private string Write(string name = "box") =>
        AnomalyShapeNetWriter.Write(_tree.Root, name, ScannedBox.Make(), trainCount: 2, normalTestCount: 2, perKindCount: 1, seed: 1, kinds: [CloudDefectKind.Dent, CloudDefectKind.Hole]);

    [Fact]
    public void The_layout_is_detected_and_read_with_positive_clouds_normal_and_defect_types_from_the_names()
    {
        Write();

        Assert.Equal(DatasetLayout.AnomalyShapeNet, DatasetReader.DetectLayout(_tree.Root, "box"));
        Assert.Equal(DatasetLayout.AnomalyShapeNet, DatasetReader.ParseLayout("anomaly-shapenet"));
        Assert.Equal("anomaly-shapenet", DatasetReader.GetLayoutName(DatasetLayout.AnomalyShapeNet));
        EvaluationDataset dataset = DatasetReader.Read(_tree.Root, "box");
        Assert.Equal(2, dataset.Train.Count);
        Assert.Equal(2, dataset.NormalCount);
        Assert.Equal(["dent", "hole"], dataset.Test.Where(t => t.IsAnomalous).Select(t => t.DefectType).Order(StringComparer.Ordinal));
        Assert.All(dataset.Test, t => Assert.Equal(t.IsAnomalous, t.PointLabelsPath is not null));
        Assert.False(dataset.HasMasks);
    }

    [Fact]
    public void A_missing_gt_file_is_a_dataset_error_naming_it()
    {
        string category = Write();
        File.Delete(Path.Combine(category, "GT", "hole0.txt"));

        var ex = Assert.Throws<DatasetException>(() => DatasetReader.Read(_tree.Root, "box", DatasetLayout.AnomalyShapeNet));
        Assert.Contains("hole0.txt", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("hole0.txt", ex.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_train_folder_is_a_dataset_error()
    {
        string category = Write();
        foreach (string f in Directory.GetFiles(Path.Combine(category, "train")))
        {
            File.Delete(f);
        }

        var ex = Assert.Throws<DatasetException>(() => DatasetReader.Read(_tree.Root, "box", DatasetLayout.AnomalyShapeNet));
        Assert.Contains("no point clouds", ex.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _tree.Dispose();
}
