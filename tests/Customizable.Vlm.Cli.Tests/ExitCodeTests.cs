using Customizable.Vlm.Evaluation.Tests.Support;

namespace Customizable.Vlm.Cli.Tests;

public class ExitCodeTests
{
    [Theory]
    [InlineData(new string[0], "Required command was not provided")]
    [InlineData(new[] { "evaluate" }, "evaluate")]
    [InlineData(new[] { "eval", "--category", "x", "--out", "o" }, "--dataset")]
    [InlineData(new[] { "eval", "--dataset", "d", "--category", "x", "--out", "o", "--layout", "visa" }, "visa")]
    [InlineData(new[] { "eval", "--dataset", "d", "--category", "x", "--out", "o", "--shots", "0" }, "--shots must be at least 1")]
    [InlineData(new[] { "eval", "--dataset", "d", "--category", "x", "--out", "o", "--shots", "many" }, "many")]
    [InlineData(new[] { "eval", "--dataset", "d", "--category", "x", "--out", "o", "--reasoner", "gpt" }, "gpt")]
    [InlineData(new[] { "eval", "--dataset", "d", "--category", "x", "--out", "o", "--pixel-resolution", "3" }, "--pixel-resolution")]
    [InlineData(new[] { "inspect", "--profile", "p.cvlm" }, "inspect")]
    [InlineData(new[] { "customize", "--out", "p.cvlm" }, "--references")]
    [InlineData(new[] { "eval", "--dataset", "d", "--category", "x", "--out", "o", "--frobnicate" }, "--frobnicate")]
    public async Task Bad_usage_exits_with_2_and_one_line_on_stderr(string[] args, string mentioned)
    {
        CliRun run = await Cli.RunAsync(args);

        Assert.True(run.ExitCode == 2, run.ToString());
        string line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("cvlm: error: ", line, StringComparison.Ordinal);
        Assert.Contains(mentioned, line, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task An_output_path_that_is_a_file_is_bad_usage()
    {
        using var tree = DatasetTree.MvtecAd();
        string file = tree.Text("out.txt", "x");

        CliRun run = await Cli.RunAsync(new FakeReasonerFactory(), CancellationToken.None, "eval", "--dataset", tree.Root, "--category", "widget", "--out", file);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("is a file", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_exits_with_0_and_lists_the_commands()
    {
        CliRun run = await Cli.RunAsync("--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("eval", run.Output, StringComparison.Ordinal);
        Assert.Contains("customize", run.Output, StringComparison.Ordinal);
        Assert.Contains("inspect", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_help_works_without_the_required_options()
    {
        CliRun run = await Cli.RunAsync("eval", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("--shots", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_dataset_exits_with_3_naming_the_path()
    {
        string missing = Path.Combine(Path.GetTempPath(), "cvlm-missing-" + Guid.NewGuid().ToString("N"));

        CliRun run = await Cli.RunAsync(new FakeReasonerFactory(), CancellationToken.None, "eval", "--dataset", missing, "--category", "widget", "--out", missing + "-out");

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains(missing, Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        Assert.False(Directory.Exists(missing + "-out"));
    }

    [Fact]
    public async Task An_unrecognised_layout_exits_with_3()
    {
        using var tree = new DatasetTree();
        Directory.CreateDirectory(tree.Path("widget/test/good"));

        CliRun run = await Cli.RunAsync(new FakeReasonerFactory(), CancellationToken.None, "eval", "--dataset", tree.Root, "--category", "widget", "--out", tree.Path("out"));

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("--layout", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task More_shots_than_training_images_exits_with_3()
    {
        using var tree = DatasetTree.MvtecAd(train: 3);

        CliRun run = await Cli.RunAsync(new FakeReasonerFactory(), CancellationToken.None, "eval", "--dataset", tree.Root, "--category", "widget", "--shots", "5", "--out", tree.Path("out"));

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("3 normal training images", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreadable_image_exits_with_3_naming_it()
    {
        using var tree = DatasetTree.MvtecAd();
        string broken = tree.Text("widget/test/good/001.png", "not an image");

        CliRun run = await Cli.RunAsync(new FakeReasonerFactory(), CancellationToken.None, "eval", "--dataset", tree.Root, "--category", "widget", "--out", tree.Path("out"));

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains(broken, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unexpected_failure_exits_with_1_in_one_line()
    {
        using var tree = DatasetTree.MvtecAd();

        CliRun run = await Cli.RunAsync(new BrokenReasonerFactory(), CancellationToken.None, "eval", "--dataset", tree.Root, "--category", "widget", "--out", tree.Path("out"));

        Assert.True(run.ExitCode == 1, run.ToString());
        string line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("cvlm: error: unexpected error (InvalidOperationException): the backbone exploded with a second line", line.TrimEnd('\r'));
    }

    [Fact]
    public async Task Cancelling_exits_with_130_and_writes_no_output_files()
    {
        using var tree = DatasetTree.MvtecAd(good: 4, perDefect: 4);
        using var cts = new CancellationTokenSource();

        CliRun run = await Cli.RunAsync(new FakeReasonerFactory(n => { if (n == 2) { cts.Cancel(); } }), cts.Token, "eval", "--dataset", tree.Root, "--category", "widget", "--out", tree.Path("out"));

        Assert.True(run.ExitCode == 130, run.ToString());
        Assert.Contains("cancelled", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(tree.Path("out/metrics.json")));
    }
}
