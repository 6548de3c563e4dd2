using System.Text.Json;
using Customizable.Vlm.Evaluation.Datasets;
using Customizable.Vlm.Evaluation.PointClouds;
using Customizable.Vlm.Evaluation.Reporting;
using Customizable.Vlm.Evaluation.Tests.Support;
using Customizable.Vlm.PointClouds;

namespace Customizable.Vlm.Evaluation.Tests;

public sealed class EvaluationRunnerPointCloudTests : IDisposable
{
    private readonly DatasetTree _tree = new();

    private string Write() =>
        AnomalyShapeNetWriter.Write(_tree.Root, "box", ScannedBox.Make(0.08f), trainCount: 2, normalTestCount: 2, perKindCount: 1, seed: 2, kinds: [CloudDefectKind.Bump, CloudDefectKind.Debris]);

    private static EvaluationRunner Runner() =>
        new(new AnomalyInspector(new ViewBrightnessReasoner(), encoders: [new PointCloudEncoder()]), new EvaluationOptions { Shots = 1, Seed = 0 });

    [Fact]
    public async Task Clouds_are_inspected_and_the_point_auroc_pools_every_point_of_every_test_cloud()
    {
        string category = Write();
        EvaluationDataset dataset = DatasetReader.Read(_tree.Root, "box");

        EvaluationResult result = await Runner().RunAsync(dataset);

        EvaluationMetrics m = result.Metrics;
        var reader = new PointCloudReader();
        int points = Directory.GetFiles(Path.Combine(category, "test")).Sum(f => reader.Read(f).Count);
        Assert.Equal(points, m.PointCount);
        Assert.NotNull(m.PointAuroc);
        Assert.InRange(m.PointAuroc.Value, 0, 1);
        Assert.NotNull(m.ImageAuroc);
        Assert.Null(m.PixelAuroc);
        Assert.Equal("anomaly-shapenet", m.Layout);
        Assert.Equal(4, result.Predictions.Count);
        using var stream = new MemoryStream();
        MetricsJsonWriter.Write(result, stream);
        using var json = JsonDocument.Parse(stream.ToArray());
        Assert.Equal(m.PointAuroc.Value, json.RootElement.GetProperty("point_auroc").GetDouble(), 9);
        Assert.Equal(points, json.RootElement.GetProperty("n_points").GetInt32());
    }

    [Fact]
    public async Task A_gt_file_with_another_line_count_than_its_cloud_is_a_dataset_error_naming_both()
    {
        string category = Write();
        string gt = Path.Combine(category, "GT", "debris0.txt");
        File.WriteAllLines(gt, File.ReadAllLines(gt)[..^3]);

        var ex = await Assert.ThrowsAsync<DatasetException>(() => Runner().RunAsync(DatasetReader.Read(_tree.Root, "box")));
        Assert.Contains("debris0.txt", ex.Message, StringComparison.Ordinal);
        Assert.Contains("debris0.pcd", ex.Message, StringComparison.Ordinal);
        Assert.Equal(gt, ex.Path);
    }

    [Fact]
    public async Task A_cloud_whose_header_lies_is_a_dataset_error_naming_it()
    {
        string category = Write();
        string cloud = Path.Combine(category, "test", "bump0.pcd");
        string text = File.ReadAllText(cloud);
        File.WriteAllText(cloud, text.Replace("POINTS ", "POINTS 9", StringComparison.Ordinal).Replace("WIDTH ", "WIDTH 9", StringComparison.Ordinal));

        var ex = await Assert.ThrowsAsync<DatasetException>(() => Runner().RunAsync(DatasetReader.Read(_tree.Root, "box")));
        Assert.Equal(cloud, ex.Path);
        Assert.IsAssignableFrom<InvalidObservationException>(ex.InnerException);
    }

    public void Dispose() => _tree.Dispose();
}
