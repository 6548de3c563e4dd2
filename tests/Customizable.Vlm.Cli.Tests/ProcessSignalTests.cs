using System.Diagnostics;
using Customizable.Vlm.Evaluation.Tests.Support;

namespace Customizable.Vlm.Cli.Tests;

/// <summary>The real tool in a child process: SIGINT during a long evaluation (Program.cs's signal wiring, not only the handler).</summary>
public class ProcessSignalTests
{
    [UnixFact]
    public async Task Sigint_during_an_evaluation_exits_with_130_and_no_exception()
    {
        using var tree = DatasetTree.MvtecAd(train: 8, good: 20, perDefect: 20);
        string tool = Path.Combine(AppContext.BaseDirectory, "cvlm.dll");
        var start = new ProcessStartInfo("dotnet", ["exec", tool, "eval", "--dataset", tree.Root, "--category", "widget", "--out", tree.Path("out")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["CI"] = "true";
        using var process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();

        // The plan and the file check are printed before customizing (which loads the model): signal then.
        string? line;
        while ((line = await process.StandardOutput.ReadLineAsync()) is not null && !line.StartsWith("Checked", StringComparison.Ordinal))
        {
        }

        int killExit;
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
            killExit = kill.ExitCode;
        }

        string rest = await process.StandardOutput.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(deadline.Token);

        string stderr = await error;
        // Once (clean clone, 2026-12-03) the tool finished the whole evaluation with exit code 0 and no "cancelling" line, as if the
        // signal never arrived; the kill's own exit code is part of the message so that a repeat tells the two causes apart.
        Assert.True(process.ExitCode == 130, $"exit {process.ExitCode} (kill -INT exited {killExit})\n{rest}\n{stderr}");
        Assert.Contains("cvlm: error: cancelled.", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(tree.Path("out/metrics.json")));
    }
}
