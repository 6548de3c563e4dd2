using Customizable.Vlm.Evaluation.Tests.Support;
using Quickstart;

namespace Customizable.Vlm.Cli.Tests.Samples;

/// <summary>The Quickstart sample run in-process: what people copy must check its arguments and report errors in one line.</summary>
public class QuickstartAppTests
{
    private static async Task<CliRun> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await QuickstartApp.RunAsync(args, output, error);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static void AssertOneErrorLine(CliRun run, int exitCode, string mentioned)
    {
        Assert.True(run.ExitCode == exitCode, run.ToString());
        string line = Assert.Single(Lines(run.Error));
        Assert.StartsWith("quickstart: error: ", line, StringComparison.Ordinal);
        Assert.Contains(mentioned, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_prints_the_usage_and_exits_with_0_without_running_the_demo(string flag)
    {
        CliRun run = await RunAsync(flag);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Usage: Quickstart", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("generating", run.Output, StringComparison.Ordinal);
        Assert.Empty(run.Error);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task A_wrong_number_of_arguments_prints_the_usage_and_exits_with_2(int count)
    {
        CliRun run = await RunAsync([.. Enumerable.Range(0, count).Select(i => $"folder{i}")]);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains($"got {count}", run.Error, StringComparison.Ordinal);
        Assert.Contains("Usage: Quickstart", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task A_missing_folder_is_one_line_with_exit_code_3()
    {
        using var tree = new DatasetTree();
        tree.Image("queries/a.png", 1);

        AssertOneErrorLine(await RunAsync(tree.Path("missing"), tree.Path("queries")), 3, "does not exist");
    }

    [Fact]
    public async Task An_empty_folder_and_a_folder_without_images_are_one_line_with_exit_code_3()
    {
        using var tree = new DatasetTree();
        Directory.CreateDirectory(tree.Path("empty"));
        tree.Text("texts/readme.txt", "no images here");
        tree.Image("queries/a.png", 1);

        AssertOneErrorLine(await RunAsync(tree.Path("empty"), tree.Path("queries")), 3, "holds no images");
        AssertOneErrorLine(await RunAsync(tree.Path("queries"), tree.Path("texts")), 3, "holds no images");
    }

    [Fact]
    public async Task A_file_that_is_not_an_image_is_one_line_with_exit_code_3()
    {
        using var tree = new DatasetTree();
        tree.Image("references/a.png", 1);
        string fake = tree.Text("references/b.png", "this is text, not a PNG");
        tree.Image("queries/a.png", 2);

        AssertOneErrorLine(await RunAsync(tree.Path("references"), tree.Path("queries"), tree.Path("out")), 3, "b.png");
    }

    [Fact]
    public async Task A_truncated_image_is_one_line_with_a_non_zero_exit_code()
    {
        using var tree = new DatasetTree();
        tree.Image("references/a.png", 1);
        string whole = tree.Image("queries/a.png", 2, size: 128);
        byte[] bytes = File.ReadAllBytes(whole);
        File.WriteAllBytes(whole, bytes[..(bytes.Length / 3)]);

        CliRun run = await RunAsync(tree.Path("references"), tree.Path("queries"), tree.Path("out"));

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("a.png", Assert.Single(Lines(run.Error)), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_folders_and_an_output_folder_customize_inspect_and_write_the_profile()
    {
        using var tree = new DatasetTree();
        for (int i = 0; i < 3; i++)
        {
            tree.Image($"references/{i}.png", i);
        }

        tree.Image("queries/q.png", 10);

        CliRun run = await RunAsync(tree.Path("references"), tree.Path("queries"), tree.Path("out"));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Customized from 3 references", run.Output, StringComparison.Ordinal);
        Assert.Contains("q.png:", run.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(tree.Path("out/inspection.cvlm")));
        Assert.Empty(run.Error);
    }
}
