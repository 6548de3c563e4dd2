using System.Text.Json;
using Customizable.Vlm.Evaluation.Tests.Support;

namespace Customizable.Vlm.Cli.Tests.Commands;

public class EvalCommandTests
{
    [Fact]
    public async Task Eval_with_the_embedded_reasoner_ranks_planted_defects_high_and_writes_every_output()
    {
        using var tree = DatasetTree.MvtecAd(category: "part", train: 5, good: 5, defects: ["spot", "stain"], perDefect: 3, size: 128);
        string output = tree.Path("out");

        CliRun run = await Cli.RunAsync("eval", "--dataset", tree.Root, "--category", "part", "--shots", "4", "--seed", "1", "--out", output);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Empty(run.Error);
        using JsonDocument metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "metrics.json")));
        JsonElement root = metrics.RootElement;
        Assert.All(MetricsJsonFields.Required, f => Assert.True(root.TryGetProperty(f, out _), $"metrics.json lacks '{f}'"));
        Assert.Equal("part", root.GetProperty("category").GetString());
        Assert.Equal("mvtec", root.GetProperty("layout").GetString());
        Assert.Equal(4, root.GetProperty("shots").GetInt32());
        Assert.Equal(1, root.GetProperty("seed").GetInt32());
        Assert.Equal("default", root.GetProperty("reasoner").GetString());
        Assert.Equal((5, 6), (root.GetProperty("n_normal").GetInt32(), root.GetProperty("n_anomalous").GetInt32()));
        double auroc = root.GetProperty("image_auroc").GetDouble();
        Assert.True(auroc >= 0.9, $"image AUROC {auroc}");
        Assert.True(root.GetProperty("pixel_auroc").GetDouble() >= 0.9, run.Output);
        Assert.True(root.GetProperty("ms_per_image").GetDouble() > 0);
        Assert.Equal(["spot", "stain"], root.GetProperty("per_defect_type").EnumerateObject().Select(p => p.Name));

        string[] csv = File.ReadAllLines(Path.Combine(output, "predictions.csv"));
        Assert.Equal("path,label,defect_type,score,is_anomalous,ms,reasoning", csv[0]);
        Assert.Equal(12, csv.Length);
        string report = File.ReadAllText(Path.Combine(output, "report.html"));
        Assert.Contains("Worst false negatives", report, StringComparison.Ordinal);
        Assert.Contains("Per defect type", report, StringComparison.Ordinal);

        Assert.Contains("image AUROC", run.Output, StringComparison.Ordinal);
        Assert.Contains("per defect type", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", run.Output, StringComparison.Ordinal); // plain output when redirected: no ANSI escapes
    }

    [Fact]
    public async Task Eval_accepts_an_explicit_layout_and_reports_the_reasoner_it_was_given()
    {
        using var tree = DatasetTree.Mvtec3d();
        string output = tree.Path("out");

        CliRun run = await Cli.RunAsync(new FakeReasonerFactory(), CancellationToken.None, "eval", "--dataset", tree.Root, "--category", "tire", "--layout", "mvtec3d", "--out", output);

        Assert.True(run.ExitCode == 0, run.ToString());
        using JsonDocument metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "metrics.json")));
        Assert.Equal("mvtec3d", metrics.RootElement.GetProperty("layout").GetString());
        Assert.Equal(4, metrics.RootElement.GetProperty("shots").GetInt32());
        Assert.Equal(JsonValueKind.Null, metrics.RootElement.GetProperty("shots_requested").ValueKind);
        Assert.Equal("fake brightness reasoner", metrics.RootElement.GetProperty("reasoner_description").GetString());
        Assert.Equal(1.0, metrics.RootElement.GetProperty("pixel_auroc").GetDouble());
    }

    [Fact]
    public async Task Eval_on_a_test_set_without_normal_items_writes_null_image_auroc_and_says_why()
    {
        using var tree = DatasetTree.Loco(withGood: false, maskFolders: true);
        string output = tree.Path("out");

        CliRun run = await Cli.RunAsync(new FakeReasonerFactory(), CancellationToken.None, "eval", "--dataset", tree.Root, "--category", "juice_bottle", "--out", output);

        Assert.True(run.ExitCode == 0, run.ToString());
        using JsonDocument metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "metrics.json")));
        Assert.Equal("loco", metrics.RootElement.GetProperty("layout").GetString());
        Assert.Equal(JsonValueKind.Null, metrics.RootElement.GetProperty("image_auroc").ValueKind);
        Assert.Contains("has no normal item, so image AUROC is undefined", run.Output, StringComparison.Ordinal);
    }
}
