using System.Text.Json;
using Customizable.Vlm.Evaluation.Tests.Support;

namespace Customizable.Vlm.Cli.Tests.Commands;

public class EvalCommandUcsdTests
{
    [Fact]
    public async Task Eval_on_ucsd_frame_folders_prints_and_writes_pooled_per_clip_and_smoothed_frame_aurocs()
    {
        using DatasetTree tree = UcsdTree.Create();
        string output = tree.Path("out");

        CliRun run = await Cli.RunAsync(new FakeReasonerFactory(), CancellationToken.None, "eval", "--dataset", tree.Root, "--category", UcsdTree.Category, "--shots", "4", "--temporal-radius", "2", "--out", output);

        Assert.True(run.ExitCode == 0, run.ToString());
        using JsonDocument metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "metrics.json")));
        JsonElement root = metrics.RootElement;
        Assert.All(MetricsJsonFields.Required, f => Assert.True(root.TryGetProperty(f, out _), $"metrics.json lacks '{f}'"));
        Assert.Equal("ucsd", root.GetProperty("layout").GetString());
        Assert.Equal(2, root.GetProperty("temporal_smoothing_radius").GetInt32());
        Assert.Equal(["01", "03"], root.GetProperty("per_clip").EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Number, root.GetProperty("smoothed_image_auroc").ValueKind);
        Assert.Equal(22, File.ReadAllLines(Path.Combine(output, "predictions.csv")).Length - 1);

        Assert.Contains("frame AUROC (all clips pooled, micro)", run.Output, StringComparison.Ordinal);
        Assert.Contains("smoothed over +-2 frames", run.Output, StringComparison.Ordinal);
        Assert.Contains("per clip, frames ranked within the clip", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_negative_temporal_radius_is_a_usage_error()
    {
        using DatasetTree tree = UcsdTree.Create();

        CliRun run = await Cli.RunAsync(new FakeReasonerFactory(), CancellationToken.None, "eval", "--dataset", tree.Root, "--category", UcsdTree.Category, "--temporal-radius", "-1", "--out", tree.Path("out"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--temporal-radius", run.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(tree.Path("out")));
    }
}
