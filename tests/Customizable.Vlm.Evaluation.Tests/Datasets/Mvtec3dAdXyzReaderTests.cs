using Customizable.Vlm.Evaluation.Datasets;
using Customizable.Vlm.Evaluation.Tests.Support;
using Customizable.Vlm.PointClouds;

namespace Customizable.Vlm.Evaluation.Tests.Datasets;

public sealed class Mvtec3dAdXyzReaderTests : IDisposable
{
    private readonly DatasetTree _tree = new();

    [Fact]
    public void A_category_with_xyz_and_no_rgb_folders_is_detected_and_lists_tiff_clouds_with_their_masks()
    {
        XyzTree.Write(_tree.Root);

        EvaluationDataset dataset = DatasetReader.Read(_tree.Root, XyzTree.Category);

        Assert.Equal(DatasetLayout.Mvtec3dAdXyz, dataset.Layout);
        Assert.Equal(DatasetLayout.Mvtec3dAdXyz, DatasetReader.ParseLayout("MVTEC3D-XYZ"));
        Assert.Equal("mvtec3d-xyz", DatasetReader.GetLayoutName(DatasetLayout.Mvtec3dAdXyz));
        Assert.Equal(2, dataset.Train.Count);
        Assert.All(dataset.Train.Concat(dataset.Test), i => Assert.True(CloudItems.IsCloud(i), i.RelativePath));
        Assert.Equal(["bump", "bump", "good"], dataset.Test.Select(i => i.DefectType).Order(StringComparer.Ordinal));
        Assert.All(dataset.Test.Where(i => i.IsAnomalous), i => Assert.EndsWith($"gt{Path.DirectorySeparatorChar}{Path.GetFileNameWithoutExtension(i.ImagePath)}.png", Assert.Single(i.MaskPaths), StringComparison.Ordinal));
        Assert.Empty(dataset.Test.Single(i => !i.IsAnomalous).MaskPaths);
    }

    [Fact]
    public void An_anomalous_cloud_without_its_mask_is_a_dataset_error_naming_the_expected_mask()
    {
        string category = XyzTree.Write(_tree.Root);
        string mask = Path.Combine(category, "test", "bump", "gt", "001.png");
        File.Delete(mask);

        var ex = Assert.Throws<DatasetException>(() => DatasetReader.Read(_tree.Root, XyzTree.Category, DatasetLayout.Mvtec3dAdXyz));

        Assert.Equal(mask, ex.Path);
    }

    [Fact]
    public async Task Mask_pixels_label_the_points_of_their_grid_cells_skipping_the_missing_pixels()
    {
        string category = XyzTree.Write(_tree.Root);
        string cloud = Path.Combine(category, "test", "bump", "xyz", "000.tiff");
        string mask = Path.Combine(category, "test", "bump", "gt", "000.png");
        int count = new PointCloudReader().Read(cloud).Count;

        bool[] labels = await OrganizedPointLabels.ReadAsync(cloud, [mask], count, default);

        var expected = new List<bool>();
        for (int y = 0; y < XyzTree.Height; y++)
        {
            for (int x = 0; x < XyzTree.Width; x++)
            {
                if (XyzTree.HasPoint(x, y))
                {
                    expected.Add(XyzTree.InBump(x, y));
                }
            }
        }

        Assert.Equal(expected, labels);
        Assert.Equal(36, labels.Count(l => l));
    }

    [Fact]
    public async Task A_mask_whose_size_differs_from_the_point_grid_is_a_dataset_error_naming_the_mask()
    {
        string category = XyzTree.Write(_tree.Root);
        string cloud = Path.Combine(category, "test", "bump", "xyz", "000.tiff");
        string mask = Path.Combine(category, "test", "bump", "gt", "000.png");
        XyzTree.Mask(mask, XyzTree.Width + 1, XyzTree.Height);

        var ex = await Assert.ThrowsAsync<DatasetException>(() => OrganizedPointLabels.ReadAsync(cloud, [mask], new PointCloudReader().Read(cloud).Count, default));

        Assert.Equal(mask, ex.Path);
        Assert.Contains($"{XyzTree.Width}x{XyzTree.Height}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_runner_inspects_the_tiffs_as_clouds_and_pools_the_mask_labelled_points_into_the_point_auroc()
    {
        string category = XyzTree.Write(_tree.Root);
        EvaluationDataset dataset = DatasetReader.Read(_tree.Root, XyzTree.Category);
        var runner = new EvaluationRunner(new AnomalyInspector(new ViewBrightnessReasoner(), encoders: [new PointCloudEncoder()]), new EvaluationOptions { Shots = 1, Seed = 0 });

        EvaluationResult result = await runner.RunAsync(dataset);

        EvaluationMetrics m = result.Metrics;
        Assert.Equal("mvtec3d-xyz", m.Layout);
        Assert.Equal(3, result.Predictions.Count);
        Assert.Equal(3 * (XyzTree.Width - 1) * XyzTree.Height, m.PointCount);
        Assert.NotNull(m.PointAuroc);
        Assert.InRange(m.PointAuroc.Value, 0, 1);
        Assert.Null(m.PixelAuroc);
        Assert.True(Directory.Exists(category));
    }

    public void Dispose() => _tree.Dispose();
}
