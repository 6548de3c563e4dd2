using Customizable.Vlm.Evaluation.Datasets;
using Customizable.Vlm.Evaluation.PointClouds;
using Customizable.Vlm.Evaluation.Tests.Support;
using Customizable.Vlm.PointClouds;

namespace Customizable.Vlm.Evaluation.Tests.RealData;

/// <summary>The defect generator on a real scan (the Stanford bunny as Open3D ships it, 30,571 points): every defect labels a small
/// part, and the written Anomaly-ShapeNet set reads back with one GT line per point.</summary>
public sealed class RealScanDefectsTests : IDisposable
{
    private readonly DatasetTree _tree = new();

    [PointCloudDataFact]
    public void Every_defect_on_the_bunny_labels_a_small_part_and_the_written_set_reads_back()
    {
        PointCloud bunny = new PointCloudReader().Read(Path.Combine(SharedData.PointClouds!, "text", "open3d_bunnyData.pts"));
        var generator = new SyntheticCloudDefects(bunny.Positions.ToArray());
        foreach (CloudDefectKind kind in Enum.GetValues<CloudDefectKind>())
        {
            SyntheticCloud cloud = generator.Defective(kind, 3);
            Assert.InRange(cloud.AnomalousCount, 20, cloud.Points.Length / 10);
        }

        AnomalyShapeNetWriter.Write(_tree.Root, "bunny", bunny.Positions.ToArray(), trainCount: 1, normalTestCount: 1, perKindCount: 1, seed: 0);
        EvaluationDataset dataset = DatasetReader.Read(_tree.Root, "bunny");
        Assert.Equal(DatasetLayout.AnomalyShapeNet, dataset.Layout);
        Assert.Equal(5, dataset.AnomalousCount);
        foreach (DatasetItem item in dataset.Test.Where(t => t.IsAnomalous))
        {
            Assert.Equal(new PointCloudReader().Read(item.ImagePath).Count, File.ReadAllLines(item.PointLabelsPath!).Length);
        }
    }

    public void Dispose() => _tree.Dispose();
}
