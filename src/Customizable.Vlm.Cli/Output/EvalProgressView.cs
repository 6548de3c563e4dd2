using System.Globalization;
using Customizable.Vlm.Evaluation;
using Spectre.Console;

namespace Customizable.Vlm.Cli.Output;

/// <summary>Shows an evaluation's progress: live bars on a terminal, a few plain lines otherwise (logs, CI, redirected output).</summary>
internal static class EvalProgressView
{
    public static Task<EvaluationResult> RunAsync(IAnsiConsole console, CliContext context, Func<IProgress<EvaluationProgress>, Task<EvaluationResult>> run) =>
        context.Fancy ? RunWithBarsAsync(console, run) : RunPlainAsync(context.Output, run);

    private static Task<EvaluationResult> RunWithBarsAsync(IAnsiConsole console, Func<IProgress<EvaluationProgress>, Task<EvaluationResult>> run) =>
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                ProgressTask[] tasks =
                [
                    ctx.AddTask("Checking files", autoStart: false),
                    ctx.AddTask("Customizing", autoStart: false),
                    ctx.AddTask("Inspecting", autoStart: false),
                    ctx.AddTask("Scoring", autoStart: false),
                ];
                var progress = new SyncProgress<EvaluationProgress>(p =>
                {
                    ProgressTask task = tasks[(int)p.Stage];
                    if (!task.IsStarted)
                    {
                        task.StartTask();
                    }

                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Completed;
                    if (p.Completed >= p.Total)
                    {
                        task.StopTask();
                    }
                });
                return await run(progress).ConfigureAwait(false);
            });

    private static Task<EvaluationResult> RunPlainAsync(TextWriter output, Func<IProgress<EvaluationProgress>, Task<EvaluationResult>> run)
    {
        int lastTenth = -1;
        var progress = new SyncProgress<EvaluationProgress>(p =>
        {
            switch (p.Stage)
            {
                case EvaluationStage.Checking when p.Completed == p.Total:
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Checked {p.Total} images."));
                    break;
                case EvaluationStage.Customizing when p.Completed == 0:
                    output.WriteLine("Customizing...");
                    break;
                case EvaluationStage.Inspecting:
                    int tenth = p.Completed * 10 / Math.Max(1, p.Total);
                    if (tenth != lastTenth)
                    {
                        lastTenth = tenth;
                        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Inspected {p.Completed}/{p.Total}"));
                    }

                    break;
            }
        });
        return run(progress);
    }
}
