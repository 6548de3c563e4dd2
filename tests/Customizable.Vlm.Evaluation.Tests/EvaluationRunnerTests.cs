using Customizable.Vlm.Evaluation.Datasets;
using Customizable.Vlm.Evaluation.Tests.Support;

namespace Customizable.Vlm.Evaluation.Tests;

public class EvaluationRunnerTests
{
    [Fact]
    public async Task Every_test_item_is_inspected_and_planted_defects_rank_and_localise_perfectly()
    {
        using var tree = DatasetTree.MvtecAd(defects: ["crack", "scratch"], perDefect: 3, good: 4, train: 5);
        using var reasoner = new BrightnessReasoner();
        var runner = new EvaluationRunner(new AnomalyInspector(reasoner), new EvaluationOptions { Shots = 2, Seed = 3 });

        EvaluationResult result = await runner.RunAsync(DatasetReader.Read(tree.Root, "widget"));

        EvaluationMetrics m = result.Metrics;
        Assert.Equal(10, result.Predictions.Count);
        Assert.Equal(10, reasoner.Calls);
        Assert.Equal(2, m.Shots);
        Assert.Equal(2, result.References.Count);
        Assert.Equal((4, 6), (m.NormalCount, m.AnomalousCount));
        Assert.Equal(1.0, m.ImageAuroc);
        Assert.Equal(1.0, m.ImageAupr);
        Assert.Equal(1.0, m.F1Max!.Value.F1);
        Assert.Equal(1.0, m.PixelAuroc);
        Assert.Equal(1.0, m.AuPro!.Value, 9);
        Assert.Equal(["crack", "scratch"], m.PerDefectType.Keys);
        Assert.Equal(new DefectTypeMetrics(3, 4, 1.0, 1.0, 0) { HitRate = 1.0, HitRateCount = 3 }, m.PerDefectType["crack"]);
        Assert.Equal((1.0, 6), (m.HitRate, m.HitRateCount));
        // Brightness never reaches 0.5 here, so the fake passes everything: accuracy = share of normal items.
        Assert.Equal(0.4, m.Accuracy);
        Assert.True(m.MillisecondsPerImage > 0);
        Assert.True(m.CustomizeSeconds >= 0);
        Assert.All(result.Predictions, p => Assert.NotNull(p.Evidence?.GroundTruth));
        // The profile inspected with is part of the result, customized from the chosen references.
        Assert.NotNull(result.Profile);
        Assert.Equal(result.References.Count, result.Profile.Spec.References.Count);
    }

    [Fact]
    public async Task Masks_away_from_the_map_maximum_give_a_hit_rate_of_zero_per_defect_type_too()
    {
        using var tree = DatasetTree.MvtecAd(defects: ["crack", "scratch"], perDefect: 2, masks: false);
        foreach (string defect in new[] { "crack", "scratch" })
        {
            for (int i = 0; i < 2; i++)
            {
                // The planted defects start 4 pixels in: a mask in the top-left corner never covers the bright maximum.
                tree.Mask($"widget/ground_truth/{defect}/{i:000}_mask.png", DatasetTree.DefaultSize, DatasetTree.DefaultSize, new PixelRect(0, 0, 4, 4));
            }
        }

        using var reasoner = new BrightnessReasoner();
        EvaluationMetrics m = (await new EvaluationRunner(new AnomalyInspector(reasoner)).RunAsync(DatasetReader.Read(tree.Root, "widget"))).Metrics;

        Assert.Equal((0.0, 4), (m.HitRate, m.HitRateCount));
        Assert.Equal((0.0, 2), (m.PerDefectType["crack"].HitRate, m.PerDefectType["crack"].HitRateCount));
        Assert.NotNull(m.PixelAuroc);
    }

    [Fact]
    public async Task Without_masks_or_maps_the_hit_rate_is_null_and_counts_nothing()
    {
        using var noMasks = DatasetTree.MvtecAd(masks: false);
        using var maps = new BrightnessReasoner();
        EvaluationMetrics imageOnly = (await new EvaluationRunner(new AnomalyInspector(maps)).RunAsync(DatasetReader.Read(noMasks.Root, "widget"))).Metrics;

        using var masked = DatasetTree.MvtecAd();
        using var noMaps = new BrightnessReasoner { ProduceMaps = false };
        EvaluationMetrics mapless = (await new EvaluationRunner(new AnomalyInspector(noMaps)).RunAsync(DatasetReader.Read(masked.Root, "widget"))).Metrics;

        Assert.Equal((null, 0), (imageOnly.HitRate, imageOnly.HitRateCount));
        Assert.Equal((null, 0), (mapless.HitRate, mapless.HitRateCount));
        Assert.Null(mapless.PerDefectType["scratch"].HitRate);
    }

    [Fact]
    public async Task An_f1_max_that_only_flagging_everything_reaches_is_marked_trivial_and_the_decision_f1_is_compared_with_it()
    {
        using var tree = DatasetTree.MvtecAd(defects: ["crack", "scratch"], perDefect: 3, good: 4);
        using var separating = new BrightnessReasoner();
        EvaluationMetrics good = (await new EvaluationRunner(new AnomalyInspector(separating)).RunAsync(DatasetReader.Read(tree.Root, "widget"))).Metrics;
        using var flagsAll = new BrightnessReasoner { Threshold = 0, ProduceMaps = false, ConstantScore = 0.7 };
        EvaluationMetrics trivial = (await new EvaluationRunner(new AnomalyInspector(flagsAll)).RunAsync(DatasetReader.Read(tree.Root, "widget"))).Metrics;

        // 6 anomalous, 4 normal: flagging everything gives 2*6 / (2*6 + 4).
        Assert.Equal(0.75, good.F1Trivial);
        Assert.Equal(1.0, good.F1Max!.Value.F1);
        Assert.False(good.F1MaxIsTrivial);
        Assert.Equal(0.0, good.DecisionF1); // the planted defects stay below 0.5 brightness: nothing is flagged
        Assert.Equal(0.0, good.DecisionF1ToF1MaxRatio);

        Assert.Equal(0.75, trivial.F1Max!.Value.F1, 12);
        Assert.True(trivial.F1MaxIsTrivial);
        Assert.Equal(0.75, trivial.DecisionF1);
        Assert.Equal(1.0, trivial.DecisionF1ToF1MaxRatio!.Value, 12);
    }

    [Fact]
    public async Task Pixel_metrics_are_computed_on_a_grid_no_longer_than_the_resolution()
    {
        using var tree = DatasetTree.Mvtec3d(size: 96);
        using var reasoner = new BrightnessReasoner();
        var runner = new EvaluationRunner(new AnomalyInspector(reasoner), new EvaluationOptions { PixelResolution = 32 });

        EvaluationResult result = await runner.RunAsync(DatasetReader.Read(tree.Root, "tire"));

        Assert.All(result.Predictions, p => Assert.Equal((32, 32), (p.Evidence!.Width, p.Evidence.Height)));
        Assert.True(result.Metrics.PixelAuroc > 0.99, $"pixel AUROC {result.Metrics.PixelAuroc}");
        Assert.Equal(32, result.Metrics.PixelResolution);
    }

    [Fact]
    public async Task Loco_masks_split_over_several_files_are_united()
    {
        using var tree = DatasetTree.Loco(maskFolders: true);
        using var reasoner = new BrightnessReasoner();

        EvaluationResult result = await new EvaluationRunner(new AnomalyInspector(reasoner)).RunAsync(DatasetReader.Read(tree.Root, "juice_bottle"));

        // Each half alone would leave the other half's bright pixels labelled normal and pull pixel AUROC below 1.
        Assert.Equal(1.0, result.Metrics.PixelAuroc);
        ItemPrediction first = result.Predictions.First(p => p.Item.IsAnomalous);
        Assert.Equal(16 * 16, first.Evidence!.GroundTruth!.Count(b => b));
    }

    [Fact]
    public async Task Without_masks_or_without_maps_the_pixel_metrics_are_null()
    {
        using var noMasks = DatasetTree.MvtecAd(masks: false);
        using var maps = new BrightnessReasoner();
        EvaluationResult imageOnly = await new EvaluationRunner(new AnomalyInspector(maps)).RunAsync(DatasetReader.Read(noMasks.Root, "widget"));

        using var masked = DatasetTree.MvtecAd();
        using var noMaps = new BrightnessReasoner { ProduceMaps = false };
        EvaluationResult mapless = await new EvaluationRunner(new AnomalyInspector(noMaps)).RunAsync(DatasetReader.Read(masked.Root, "widget"));

        Assert.Null(imageOnly.Metrics.PixelAuroc);
        Assert.Null(imageOnly.Metrics.AuPro);
        Assert.Equal(1.0, imageOnly.Metrics.ImageAuroc);
        Assert.Null(mapless.Metrics.PixelAuroc);
        Assert.Null(mapless.Metrics.AuPro);
    }

    [Fact]
    public async Task A_test_set_without_normal_items_gives_null_image_auroc_not_nan()
    {
        using var tree = DatasetTree.Loco(maskFolders: false, withGood: false);
        using var reasoner = new BrightnessReasoner();

        EvaluationMetrics m = (await new EvaluationRunner(new AnomalyInspector(reasoner)).RunAsync(DatasetReader.Read(tree.Root, "juice_bottle"))).Metrics;

        Assert.Null(m.ImageAuroc);
        Assert.Null(m.PerDefectType["logical_anomalies"].ImageAuroc);
        Assert.Equal(1.0, m.ImageAupr);
        Assert.NotNull(m.PixelAuroc);
    }

    [Fact]
    public async Task Manifest_items_chosen_as_references_are_left_out_of_the_test_set()
    {
        using var tree = DatasetTree.Manifest(good: 4, anomalous: 3);
        using var reasoner = new BrightnessReasoner();

        EvaluationResult result = await new EvaluationRunner(new AnomalyInspector(reasoner), new EvaluationOptions { Shots = 2 })
            .RunAsync(DatasetReader.Read(tree.Path("manifest.json"), "bottle"));

        Assert.Equal(2, result.Metrics.ExcludedCount);
        Assert.Equal(5, result.Predictions.Count);
        Assert.DoesNotContain(result.Predictions, p => result.References.Any(r => r.ImagePath == p.Item.ImagePath));
    }

    [Fact]
    public void References_are_chosen_reproducibly_from_the_seed_and_returned_in_order()
    {
        DatasetItem[] pool = [.. Enumerable.Range(0, 20).Reverse().Select(i => new DatasetItem($"/data/{i:000}.png", $"cat/train/good/{i:000}.png", false, "good"))];

        IReadOnlyList<DatasetItem> first = EvaluationRunner.SelectReferences(pool, 5, seed: 42);
        IReadOnlyList<DatasetItem> again = EvaluationRunner.SelectReferences(pool.Reverse().ToArray(), 5, seed: 42);
        IReadOnlyList<DatasetItem> other = EvaluationRunner.SelectReferences(pool, 5, seed: 43);

        Assert.Equal(first.Select(i => i.RelativePath), again.Select(i => i.RelativePath));
        Assert.NotEqual(first.Select(i => i.RelativePath), other.Select(i => i.RelativePath));
        Assert.Equal(first.Select(i => i.RelativePath).Order(StringComparer.Ordinal), first.Select(i => i.RelativePath));
        Assert.Equal(5, first.Select(i => i.RelativePath).Distinct().Count());
        Assert.Equal(20, EvaluationRunner.SelectReferences(pool, null, seed: 1).Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => EvaluationRunner.SelectReferences(pool, 21, seed: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => EvaluationRunner.SelectReferences(pool, 0, seed: 1));
    }

    [Fact]
    public void The_reference_choice_for_a_seed_is_pinned_so_that_it_stays_the_same_on_every_runtime()
    {
        // SplitMix64 + Fisher-Yates are fully specified; if this changes, published numbers stop being reproducible.
        DatasetItem[] pool = [.. Enumerable.Range(0, 50).Select(i => new DatasetItem($"/t/{i:000}.png", $"tire/train/good/rgb/{i:000}.png", false, "good"))];

        IReadOnlyList<DatasetItem> chosen = EvaluationRunner.SelectReferences(pool, 4, seed: 0);

        Assert.Equal(["002", "041", "047", "048"], chosen.Select(i => Path.GetFileNameWithoutExtension(i.RelativePath)));
    }

    [Fact]
    public async Task More_shots_than_training_images_is_a_dataset_error()
    {
        using var tree = DatasetTree.MvtecAd(train: 3);
        using var reasoner = new BrightnessReasoner();
        var runner = new EvaluationRunner(new AnomalyInspector(reasoner), new EvaluationOptions { Shots = 4 });

        var error = await Assert.ThrowsAsync<DatasetException>(() => runner.RunAsync(DatasetReader.Read(tree.Root, "widget")));

        Assert.Contains("3 normal training images", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, reasoner.Calls);
    }

    [Fact]
    public async Task An_unreadable_test_image_fails_before_customizing_and_names_the_file()
    {
        using var tree = DatasetTree.MvtecAd();
        string broken = tree.Text("widget/test/scratch/001.png", "this is not a png");
        using var reasoner = new BrightnessReasoner();

        var error = await Assert.ThrowsAsync<DatasetException>(() => new EvaluationRunner(new AnomalyInspector(reasoner)).RunAsync(DatasetReader.Read(tree.Root, "widget")));

        Assert.Equal(broken, error.Path);
        Assert.Contains(broken, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, reasoner.Calls);
    }

    [Fact]
    public async Task Without_the_file_check_an_unreadable_test_image_still_fails_with_its_path()
    {
        using var tree = DatasetTree.MvtecAd();
        string broken = tree.Text("widget/test/scratch/001.png", "this is not a png");
        using var reasoner = new BrightnessReasoner();
        var runner = new EvaluationRunner(new AnomalyInspector(reasoner), new EvaluationOptions { CheckFilesFirst = false });

        var error = await Assert.ThrowsAsync<DatasetException>(() => runner.RunAsync(DatasetReader.Read(tree.Root, "widget")));

        Assert.Equal(broken, error.Path);
    }

    [Fact]
    public async Task A_mask_of_another_size_than_its_image_is_an_error()
    {
        using var tree = DatasetTree.MvtecAd();
        tree.Mask("widget/ground_truth/scratch/000_mask.png", 32, 32, null);
        using var reasoner = new BrightnessReasoner();

        var error = await Assert.ThrowsAsync<DatasetException>(() => new EvaluationRunner(new AnomalyInspector(reasoner)).RunAsync(DatasetReader.Read(tree.Root, "widget")));

        Assert.Equal(tree.Path("widget/ground_truth/scratch/000_mask.png"), error.Path);
        Assert.Contains("32x32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Progress_is_reported_for_every_stage_up_to_completion()
    {
        using var tree = DatasetTree.MvtecAd();
        using var reasoner = new BrightnessReasoner();
        var reports = new List<EvaluationProgress>();

        await new EvaluationRunner(new AnomalyInspector(reasoner)).RunAsync(DatasetReader.Read(tree.Root, "widget"), new InlineProgress(reports.Add));

        Assert.Equal(
            [EvaluationStage.Checking, EvaluationStage.Customizing, EvaluationStage.Inspecting, EvaluationStage.Scoring],
            reports.Select(r => r.Stage).Distinct());
        Assert.Contains(reports, r => r.Stage == EvaluationStage.Checking && r.Completed == 10 && r.Total == 10);
        Assert.Equal(Enumerable.Range(1, 6), reports.Where(r => r.Stage == EvaluationStage.Inspecting).Select(r => r.Completed));
        Assert.Equal(new EvaluationProgress(EvaluationStage.Scoring, 1, 1), reports[^1]);
    }

    [Fact]
    public async Task Cancelling_stops_between_items()
    {
        using var tree = DatasetTree.MvtecAd(good: 4, perDefect: 4);
        using var cts = new CancellationTokenSource();
        using var reasoner = new BrightnessReasoner { OnReason = n => { if (n == 2) { cts.Cancel(); } } };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new EvaluationRunner(new AnomalyInspector(reasoner)).RunAsync(DatasetReader.Read(tree.Root, "widget"), null, cts.Token));

        Assert.Equal(2, reasoner.Calls);
    }

    [Fact]
    public void Options_out_of_range_are_rejected()
    {
        using var reasoner = new BrightnessReasoner();
        var inspector = new AnomalyInspector(reasoner);

        Assert.Throws<ArgumentOutOfRangeException>(() => new EvaluationRunner(inspector, new EvaluationOptions { Shots = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EvaluationRunner(inspector, new EvaluationOptions { PixelResolution = 4 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EvaluationRunner(inspector, new EvaluationOptions { AuProFalsePositiveRateLimit = 0 }));
        Assert.Throws<ArgumentException>(() => new EvaluationRunner(inspector, new EvaluationOptions { ReasonerName = " " }));
    }

    private sealed class InlineProgress(Action<EvaluationProgress> report) : IProgress<EvaluationProgress>
    {
        public void Report(EvaluationProgress value) => report(value);
    }
}
