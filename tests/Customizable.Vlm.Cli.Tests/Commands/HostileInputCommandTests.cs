using System.Text.Json;
using Customizable.Vlm.Evaluation.Tests.Support;

namespace Customizable.Vlm.Cli.Tests.Commands;

/// <summary><c>cvlm</c> on input that points outside the dataset, holds FIFOs, or does not fit the options.</summary>
public class HostileInputCommandTests
{
    private static string[] Eval(DatasetTree tree, string dataset, params string[] more) =>
        ["eval", "--dataset", dataset, "--category", "bottle", "--out", tree.Path("out"), .. more];

    [Theory]
    [InlineData("--shots", "abc")]
    [InlineData("--shots", "2.5")]
    [InlineData("--seed", "x1")]
    [InlineData("--pixel-resolution", "big")]
    public async Task A_value_that_is_not_a_whole_number_is_named_without_a_clr_type(string option, string value)
    {
        CliRun run = await Cli.RunAsync("eval", "--dataset", "d", "--category", "x", "--out", "o", option, value);

        Assert.True(run.ExitCode == 2, run.ToString());
        string line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)).TrimEnd('\r');
        Assert.Equal($"cvlm: error: {option}: '{value}' is not a whole number. (run 'cvlm eval --help' for usage)", line);
        Assert.DoesNotContain("System.", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Too_many_shots_fail_before_the_plan_is_printed()
    {
        using var tree = DatasetTree.MvtecAd(train: 3);

        CliRun run = await Cli.RunAsync(new FakeReasonerFactory(), CancellationToken.None, "eval", "--dataset", tree.Root, "--category", "widget", "--shots", "100", "--out", tree.Path("out"));

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("3 normal training images; 100 shots were requested", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task A_layout_that_does_not_fit_suggests_the_layout_the_folder_looks_like()
    {
        using var tree = DatasetTree.Mvtec3d();

        CliRun run = await Cli.RunAsync(new FakeReasonerFactory(), CancellationToken.None, "eval", "--dataset", tree.Root, "--category", "tire", "--layout", "mvtec", "--out", tree.Path("out"));

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("--layout mvtec3d", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_category_with_a_path_is_refused()
    {
        using var tree = DatasetTree.MvtecAd();
        Directory.CreateDirectory(tree.Path("inner"));

        CliRun run = await Cli.RunAsync(new FakeReasonerFactory(), CancellationToken.None, "eval", "--dataset", tree.Path("inner"), "--category", "../widget", "--out", tree.Path("out"));

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("must be the name of a folder directly in", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manifest_relative_to_a_parent_folder_needs_allow_outside_root()
    {
        using var tree = DatasetTree.Manifest(manifestFolder: "manifests/sub");
        string manifest = tree.Path("manifests/sub/manifest.json");

        CliRun refused = await Cli.RunAsync(new FakeReasonerFactory(), CancellationToken.None, Eval(tree, manifest));
        CliRun allowed = await Cli.RunAsync(new FakeReasonerFactory(), CancellationToken.None, Eval(tree, manifest, "--allow-outside-root"));

        Assert.True(refused.ExitCode == 3, refused.ToString());
        Assert.Contains("--allow-outside-root", refused.Error, StringComparison.Ordinal);
        Assert.True(allowed.ExitCode == 0, allowed.ToString());
        Assert.True(File.Exists(tree.Path("out/metrics.json")));
    }

    [Fact]
    public async Task An_absolute_manifest_path_outside_the_folder_is_refused()
    {
        using var tree = DatasetTree.Manifest();
        string manifest = tree.Text("manifest.json", JsonSerializer.Serialize(new[]
        {
            new Dictionary<string, object> { ["object_type"] = "bottle", ["defect_img_path"] = "/etc/passwd", ["good_img_path"] = "data/bottle/test/good/000.png", ["label"] = 0 },
        }));

        CliRun run = await Cli.RunAsync(new FakeReasonerFactory(), CancellationToken.None, Eval(tree, manifest));

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("Entry 0", run.Error, StringComparison.Ordinal);
        Assert.Contains("absolute path", run.Error, StringComparison.Ordinal);
    }

    [UnixFact]
    public void A_fifo_named_like_an_image_in_a_test_folder_fails_fast_naming_it()
    {
        using var tree = DatasetTree.MvtecAd();
        string fifo = Fifo.Create(tree.Path("widget/test/good/zzz.png"));

        CliRun run = Fifo.WithinDeadline(
            () => Cli.RunAsync(new FakeReasonerFactory(), CancellationToken.None, "eval", "--dataset", tree.Root, "--category", "widget", "--out", tree.Path("out")).GetAwaiter().GetResult(),
            fifo);

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains(fifo, run.Error, StringComparison.Ordinal);
    }

    [UnixFact]
    public void A_rules_file_that_is_a_fifo_is_refused_without_reading_it()
    {
        // Found by a fuzzer: `customize --rules <fifo>` blocked in the read and ignored SIGTERM.
        using var tree = DatasetTree.MvtecAd();
        string fifo = Fifo.Create(tree.Path("rules.txt"));

        CliRun run = Fifo.WithinDeadline(
            () => Cli.RunAsync(new FakeReasonerFactory(), CancellationToken.None, "customize", "--references", tree.Path("widget/train/good"), "--rules", fifo, "--out", tree.Path("p.cvlm")).GetAwaiter().GetResult(),
            fifo);

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("named pipe (FIFO)", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(tree.Path("p.cvlm")));
    }

    [UnixFact]
    public void A_fifo_among_the_images_to_inspect_is_refused_without_opening_it()
    {
        using var tree = new DatasetTree();
        string fifo = Fifo.Create(tree.Path("queries/a.png"));

        CliRun run = Fifo.WithinDeadline(
            () => Cli.RunAsync(new FakeReasonerFactory(), CancellationToken.None, "inspect", "--profile", tree.Path("p.cvlm"), tree.Path("queries")).GetAwaiter().GetResult(),
            fifo);

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("not a regular file", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("customize")]
    [InlineData("inspect")]
    public async Task Help_lists_every_accepted_image_extension(string command)
    {
        CliRun run = await Cli.RunAsync(command, "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.All(new[] { ".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp", ".gif" }, e => Assert.Contains(e, run.Output, StringComparison.Ordinal));
    }
}
