using Customizable.Vlm.Evaluation.Datasets;
using Customizable.Vlm.Evaluation.Reporting;
using Customizable.Vlm.Onnx;
using Xunit.Abstractions;

namespace Customizable.Vlm.Evaluation.Tests.RealData;

/// <summary>The evaluation runner with the embedded reasoner on real MVTec 3D-AD tire data (RGB + masks).</summary>
public class TireEvaluationTests(ITestOutputHelper output)
{
    [TireDataFact]
    public async Task Four_shots_on_every_fourth_tire_test_image_localise_defects_well()
    {
        // Subset to keep the suite fast on 2 cores: every 4th of the 112 test images (28 items), 4 references, seed 0.
        // The full-set numbers for every shot count are in docs/evaluation.md (cvlm eval).
        EvaluationDataset full = DatasetReader.Read(SharedData.Mvtec3d!, "tire");
        Assert.Equal(DatasetLayout.Mvtec3dAd, full.Layout);
        Assert.Equal((50, 25, 87), (full.Train.Count, full.NormalCount, full.AnomalousCount));
        EvaluationDataset subset = full.WithTest(full.Test.Where((_, i) => i % 4 == 0));

        using var reasoner = new FeatureReasoner();
        var runner = new EvaluationRunner(new AnomalyInspector(reasoner), new EvaluationOptions { Shots = 4, Seed = 0 });
        EvaluationResult result = await runner.RunAsync(subset);

        EvaluationMetrics m = result.Metrics;
        output.WriteLine($"image AUROC {m.ImageAuroc:0.000}, pixel AUROC {m.PixelAuroc:0.000}, AU-PRO {m.AuPro:0.000}, {m.MillisecondsPerImage:0} ms/image");
        Assert.Equal(28, result.Predictions.Count);
        Assert.Equal(["002", "041", "047", "048"], result.References.Select(r => Path.GetFileNameWithoutExtension(r.ImagePath)));
        Assert.NotNull(m.ImageAuroc);
        Assert.True(m.PixelAuroc >= PixelAurocFloor, $"pixel AUROC {m.PixelAuroc:0.000} fell below {PixelAurocFloor}");
        Assert.True(m.AuPro >= AuProFloor, $"AU-PRO {m.AuPro:0.000} fell below {AuProFloor}");
        Assert.True(m.ImageAuroc >= ImageAurocFloor, $"image AUROC {m.ImageAuroc:0.000} fell below {ImageAurocFloor}");

        string folder = Path.Combine(Path.GetTempPath(), "cvlm-tire-" + Guid.NewGuid().ToString("N"));
        try
        {
            EvaluationOutputFiles files = await EvaluationReport.WriteAllAsync(result, folder);
            Assert.True(new FileInfo(files.ReportPath).Length < 2_000_000);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // Measured on this subset (2-core CPU): image AUROC 0.728, pixel AUROC 0.969, AU-PRO 0.865 at the default 320 x 320 input (0.660, 0.964, 0.852 at 224). The margins absorb float
    // differences between machines, not regressions.
    private const double PixelAurocFloor = 0.93;
    private const double AuProFloor = 0.78;
    private const double ImageAurocFloor = 0.58;
}
