using Customizable.Vlm.Evaluation.PointClouds;
using Customizable.Vlm.Evaluation.Tests.Support;
using Customizable.Vlm.PointClouds;

namespace Customizable.Vlm.Evaluation.Tests.PointClouds;

public sealed class AnomalyShapeNetWriterTests : IDisposable
{
    private readonly DatasetTree _tree = new();

    [Fact]
    public void The_set_has_the_anomaly_shapenet_files_and_each_gt_line_matches_its_cloud_point()
    {
        string category = AnomalyShapeNetWriter.Write(_tree.Root, "box", ScannedBox.Make(), trainCount: 2, normalTestCount: 1, perKindCount: 1, seed: 5);

        Assert.Equal(["template0.pcd", "template1.pcd"], Directory.GetFiles(Path.Combine(category, "train")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        string[] test = [.. Directory.GetFiles(Path.Combine(category, "test")).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal)];
        Assert.Equal(["bump0.pcd", "cut0.pcd", "debris0.pcd", "dent0.pcd", "hole0.pcd", "positive0.pcd"], test);
        var reader = new PointCloudReader();
        foreach (string name in test.Where(t => !t.StartsWith("positive", StringComparison.Ordinal)))
        {
            PointCloud cloud = reader.Read(Path.Combine(category, "test", name));
            string[] lines = File.ReadAllLines(Path.Combine(category, "GT", Path.ChangeExtension(name, ".txt")));
            Assert.Equal(cloud.Count, lines.Length);
            int anomalous = 0;
            for (int i = 0; i < lines.Length; i++)
            {
                string[] fields = lines[i].Split(',');
                Assert.Equal(4, fields.Length);
                Assert.Equal(cloud.Positions.Span[i].X, float.Parse(fields[0], System.Globalization.CultureInfo.InvariantCulture));
                Assert.Equal(cloud.Positions.Span[i].Z, float.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture));
                anomalous += fields[3] == "1" ? 1 : 0;
            }

            Assert.InRange(anomalous, 1, lines.Length / 5);
        }
    }

    [Fact]
    public void The_same_seed_writes_the_same_files()
    {
        string first = AnomalyShapeNetWriter.Write(_tree.Root, "a", ScannedBox.Make(), 1, 1, 1, seed: 9, kinds: [CloudDefectKind.Hole]);
        string second = AnomalyShapeNetWriter.Write(_tree.Root, "b", ScannedBox.Make(), 1, 1, 1, seed: 9, kinds: [CloudDefectKind.Hole]);

        Assert.Equal(File.ReadAllBytes(Path.Combine(first, "GT", "hole0.txt")), File.ReadAllBytes(Path.Combine(second, "GT", "hole0.txt")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(first, "test", "positive0.pcd")), File.ReadAllBytes(Path.Combine(second, "test", "positive0.pcd")));
        Assert.Throws<ArgumentException>(() => AnomalyShapeNetWriter.Write(_tree.Root, "../x", ScannedBox.Make(), 1, 1, 1, seed: 9));
    }

    public void Dispose() => _tree.Dispose();
}
