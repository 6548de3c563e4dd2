using System.Text.Json;
using Customizable.Vlm.Evaluation.Tests.Support;

namespace Customizable.Vlm.Cli.Tests.Commands;

/// <summary><c>cvlm outliers</c> on generated parts with the embedded reasoner: no references, the batch scored against itself.</summary>
public sealed class OutliersCommandTests
{
    [Fact]
    public async Task A_defective_part_among_good_ones_is_listed_first_as_the_only_outlier()
    {
        using var tree = new DatasetTree();
        for (int i = 0; i < 8; i++)
        {
            tree.Image($"batch/{i:000}-good.png", 10 + i, null, 128);
        }

        string defective = tree.Image("batch/004-odd.png", 40, new PixelRect(40, 56, 32, 32), 128);

        CliRun run = await Cli.RunAsync("outliers", tree.Path("batch"));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Scored 9 images against each other (8 comparisons each)", run.Output, StringComparison.Ordinal);
        Assert.Contains("1 outlier(s)", run.Output, StringComparison.Ordinal);
        string[] ranking = [.. run.Output.Split('\n').Where(l => l.Contains("score ", StringComparison.Ordinal))];
        Assert.Equal(9, ranking.Length);
        Assert.StartsWith("OUTLIER", ranking[0], StringComparison.Ordinal);
        Assert.EndsWith(defective, ranking[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_a_dataset_the_test_split_is_scored_and_the_ranking_measured_against_its_labels()
    {
        using DatasetTree tree = DatasetTree.MvtecAd(good: 6, defects: ["crack"], perDefect: 2, size: 96);

        CliRun text = await Cli.RunAsync("outliers", "--dataset", tree.Root, "--category", "widget", "--comparisons", "0");
        CliRun json = await Cli.RunAsync("outliers", "--dataset", tree.Root, "--category", "widget", "--json");

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("Against the dataset's labels (2 anomalous, 6 normal): image AUROC", text.Output, StringComparison.Ordinal);
        Assert.Contains("[labelled anomalous]", text.Output, StringComparison.Ordinal);
        Assert.True(json.ExitCode == 0, json.ToString());
        using JsonDocument document = JsonDocument.Parse(json.Output);
        JsonElement root = document.RootElement;
        Assert.Equal(8, root.GetProperty("images").GetInt32());
        Assert.InRange(root.GetProperty("image_auroc").GetDouble(), 0, 1);
        Assert.Equal(8, root.GetProperty("scores").GetArrayLength());
        Assert.Equal(2, root.GetProperty("scores").EnumerateArray().Count(s => s.GetProperty("labelled_anomalous").GetBoolean()));
    }

    [Theory]
    [InlineData("too-few", "needs at least 3 images; got 2")]
    [InlineData("both", "either files or --dataset, not both")]
    [InlineData("category-only", "--category needs --dataset")]
    [InlineData("nothing", "Name the images to score")]
    [InlineData("fraction", "--neighbour-fraction must be greater than 0 and at most 1")]
    public async Task Bad_usage_gets_one_line_and_exit_code_2_before_any_model_is_loaded(string kind, string message)
    {
        using var tree = new DatasetTree();
        string a = tree.Image("a.png", 1), b = tree.Image("b.png", 2);
        tree.Image("c.png", 3);
        string[] args = kind switch
        {
            "too-few" => ["outliers", a, b],
            "both" => ["outliers", a, "--dataset", tree.Root, "--category", "x"],
            "category-only" => ["outliers", a, "--category", "x"],
            "nothing" => ["outliers"],
            _ => ["outliers", tree.Root, "--neighbour-fraction", "2"],
        };

        CliRun run = await Cli.RunAsync(new BrokenReasonerFactory(), CancellationToken.None, args);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task A_reasoner_that_cannot_score_without_references_is_refused()
    {
        using var tree = new DatasetTree();
        for (int i = 0; i < 3; i++)
        {
            tree.Image($"{i}.png", i);
        }

        CliRun run = await Cli.RunAsync(new FakeReasonerFactory(), CancellationToken.None, "outliers", tree.Root);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("cannot score without references", run.Error, StringComparison.Ordinal);
    }
}
