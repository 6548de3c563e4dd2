namespace Customizable.Vlm.Onnx.Tests.RealData;

/// <summary>Image AUROC of the embedded default on MVTec 3D-AD tire (RGB): first k train/good images as references, all test images.</summary>
public class TireAccuracyTests
{
    [TireDataFact]
    public async Task Four_references_reach_the_measured_image_auroc_on_tire()
    {
        (double auroc, int count) = await MeasureAsync(new FeatureReasonerOptions());

        // Measured 0.744 with the default 128-component search (docs/accuracy.md); the margin absorbs float differences between
        // machines, not regressions.
        Assert.True(auroc >= 0.73, $"image AUROC {auroc:0.0000} fell below 0.73");
        Assert.Equal(112, count);
    }

    [TireDataFact]
    public async Task The_default_projected_search_keeps_at_least_99_percent_of_the_exact_image_auroc_on_tire()
    {
        (double projected, _) = await MeasureAsync(new FeatureReasonerOptions());
        (double exact, _) = await MeasureAsync(new FeatureReasonerOptions { ProjectionDimensions = 0 });

        // Measured 0.744 projected (128 components) vs 0.738 exact at 4 references.
        Assert.True(projected >= 0.99 * exact, $"projected {projected:0.0000} < 99% of exact {exact:0.0000}");
    }

    private static async Task<(double Auroc, int Count)> MeasureAsync(FeatureReasonerOptions options)
    {
        string root = SharedData.Tire!;
        string[] train = [.. Directory.GetFiles(Path.Combine(root, "train", "good", "rgb"), "*.png").Order(StringComparer.Ordinal).Take(4)];
        var test = new List<(string Path, bool Anomalous)>();
        foreach (string dir in Directory.GetDirectories(Path.Combine(root, "test")).Order(StringComparer.Ordinal))
        {
            bool anomalous = Path.GetFileName(dir) != "good";
            test.AddRange(Directory.GetFiles(Path.Combine(dir, "rgb"), "*.png").Order(StringComparer.Ordinal).Select(f => (f, anomalous)));
        }

        using var reasoner = new FeatureReasoner(options);
        var inspector = new AnomalyInspector(reasoner);
        InspectionProfile profile = await inspector.CustomizeAsync(new InspectionSpec { References = [.. train.Select(ImageObservation.FromFile)] });
        IReadOnlyList<AnomalyVerdict> verdicts = await inspector.InspectManyAsync(profile, test.Select(t => ImageObservation.FromFile(t.Path)));
        return (Auroc(verdicts.Select(v => v.Score).ToArray(), test.Select(t => t.Anomalous).ToArray()), verdicts.Count);
    }

    private static double Auroc(double[] scores, bool[] anomalous)
    {
        // Mann-Whitney U with average ranks for ties.
        int[] order = [.. Enumerable.Range(0, scores.Length).OrderBy(i => scores[i])];
        double[] rank = new double[scores.Length];
        for (int i = 0; i < order.Length;)
        {
            int j = i;
            while (j + 1 < order.Length && scores[order[j + 1]] == scores[order[i]])
            {
                j++;
            }

            for (int t = i; t <= j; t++)
            {
                rank[order[t]] = ((i + j) / 2.0) + 1;
            }

            i = j + 1;
        }

        int positives = anomalous.Count(a => a);
        int negatives = anomalous.Length - positives;
        double sum = Enumerable.Range(0, scores.Length).Where(i => anomalous[i]).Sum(i => rank[i]);
        return (sum - (positives * (positives + 1) / 2.0)) / ((double)positives * negatives);
    }
}
