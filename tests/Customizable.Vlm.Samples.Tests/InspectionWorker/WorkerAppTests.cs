using InspectionWorker;

namespace Customizable.Vlm.Samples.Tests.InspectionWorker;

/// <summary>Bad configuration stops the worker before it starts, with one line naming the key and a non-zero exit code.</summary>
public class WorkerAppTests
{
    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        int code = await WorkerApp.RunAsync(args, output, error, timeout.Token);
        return (code, output.ToString(), error.ToString());
    }

    private static void AssertOneErrorLine((int Code, string Output, string Error) run, int exitCode, string mentioned)
    {
        Assert.True(run.Code == exitCode, $"exit {run.Code}\n{run.Output}\n{run.Error}");
        string line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("inspection-worker: error: ", line, StringComparison.Ordinal);
        Assert.Contains(mentioned, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_prints_the_configuration_keys_and_exits_with_0()
    {
        var run = await RunAsync("--help");

        Assert.Equal(0, run.Code);
        Assert.Contains("Cvlm:Worker:InputFolder", run.Output, StringComparison.Ordinal);
        Assert.Empty(run.Error);
    }

    [Fact]
    public async Task A_missing_input_folder_is_one_line_naming_the_key_with_exit_code_2()
    {
        using var folder = new WorkerFolder();
        string missing = Path.Combine(folder.Root, "no-such-inbox");

        var run = await RunAsync($"--Cvlm:Worker:InputFolder={missing}", $"--Cvlm:Worker:Profiles:part={folder.References}");

        AssertOneErrorLine(run, 2, $"Cvlm:Worker:InputFolder: the folder '{missing}' does not exist.");
    }

    [Fact]
    public async Task A_missing_profile_path_is_one_line_naming_the_profile_with_exit_code_2()
    {
        using var folder = new WorkerFolder();
        string missing = Path.Combine(folder.Root, "tire.cvlm");

        var run = await RunAsync($"--Cvlm:Worker:InputFolder={folder.Inbox}", $"--Cvlm:Worker:Profiles:tire={missing}");

        AssertOneErrorLine(run, 2, "Cvlm:Worker:Profiles:tire");
        Assert.Contains(missing, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_input_folder_without_profiles_and_out_of_range_numbers_are_all_named_in_one_line()
    {
        using var folder = new WorkerFolder();

        var run = await RunAsync($"--Cvlm:Worker:InputFolder={folder.Inbox}", "--Cvlm:Worker:Consumers=0", "--Cvlm:Worker:QueueCapacity=-3");

        AssertOneErrorLine(run, 2, "Cvlm:Worker:Profiles is empty");
        Assert.Contains("Cvlm:Worker:Consumers is 0", run.Error, StringComparison.Ordinal);
        Assert.Contains("Cvlm:Worker:QueueCapacity is -3", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_embedded_reasoner_option_is_one_line_naming_its_key_with_exit_code_2()
    {
        using var folder = new WorkerFolder();
        await folder.WriteReferencesAsync(1);

        var run = await RunAsync([.. folder.Args(), "--Cvlm:Embedded:TopKFraction=2"]);

        AssertOneErrorLine(run, 2, "Cvlm:Embedded:TopKFraction");
    }

    [Fact]
    public async Task A_corrupt_saved_profile_is_one_line_with_exit_code_3()
    {
        using var folder = new WorkerFolder();
        string profile = Path.Combine(folder.Root, "broken.cvlm");
        await File.WriteAllTextAsync(profile, "this is not a profile");

        var run = await RunAsync($"--Cvlm:Worker:InputFolder={folder.Inbox}", $"--Cvlm:Worker:Profiles:part={profile}");

        AssertOneErrorLine(run, 3, "Cvlm:Worker:Profiles:part: ");
        Assert.Contains("broken.cvlm", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_references_folder_without_images_is_one_line_with_exit_code_3()
    {
        using var folder = new WorkerFolder();

        var run = await RunAsync($"--Cvlm:Worker:InputFolder={folder.Inbox}", $"--Cvlm:Worker:Profiles:part={folder.References}");

        AssertOneErrorLine(run, 3, "Cvlm:Worker:Profiles:part: ");
        Assert.Contains("holds no images", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("stray")]
    [InlineData("-x")]
    [InlineData("--Cvlm:Worker:InputFolder")]
    public async Task An_argument_the_configuration_would_ignore_is_one_line_with_exit_code_2(string argument)
    {
        var run = await RunAsync(argument);

        AssertOneErrorLine(run, 2, $"the argument '{argument}' is not a setting");
    }

    [Fact]
    public async Task A_misspelt_worker_key_is_one_line_naming_it_with_exit_code_2_instead_of_running_the_demo()
    {
        using var folder = new WorkerFolder();

        var run = await RunAsync($"--Cvlm:Worker:InputFoler={folder.Inbox}", "--Cvlm:Worker:OpenTelemetry:Enable=true");

        AssertOneErrorLine(run, 2, "Cvlm:Worker:InputFoler is not a setting of the worker");
        Assert.Contains("Cvlm:Worker:OpenTelemetry:Enable is not a setting", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("demo", run.Output, StringComparison.OrdinalIgnoreCase);
    }
}
