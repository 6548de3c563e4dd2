using System.Runtime.InteropServices;
using Customizable.Vlm.Evaluation.Tests.Support;

namespace Customizable.Vlm.Cli.Tests;

public class TerminationSignalsTests
{
    [Fact]
    public void The_first_signal_cancels_and_is_handled_and_later_ones_keep_their_default_action_without_throwing()
    {
        var error = new StringWriter();
        using var signals = new TerminationSignals(error);
        var first = new PosixSignalContext(PosixSignal.SIGINT);
        var second = new PosixSignalContext(PosixSignal.SIGTERM);
        var third = new PosixSignalContext(PosixSignal.SIGINT);

        signals.OnSignal(first);
        signals.OnSignal(second);
        signals.OnSignal(third);

        Assert.True(signals.Token.IsCancellationRequested);
        Assert.True(first.Cancel);
        Assert.False(second.Cancel);
        Assert.False(third.Cancel);
        Assert.Contains("press Ctrl+C again", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_signal_after_the_run_has_ended_does_not_throw()
    {
        var signals = new TerminationSignals();
        signals.Dispose();

        var context = new PosixSignalContext(PosixSignal.SIGTERM);
        signals.OnSignal(context);

        Assert.True(context.Cancel);
    }

    [Fact]
    public void A_failing_cancellation_callback_does_not_escape_the_signal_handler()
    {
        using var signals = new TerminationSignals();
        using CancellationTokenRegistration registration = signals.Token.Register(() => throw new InvalidOperationException("callback failed"));

        var context = new PosixSignalContext(PosixSignal.SIGINT);
        signals.OnSignal(context);

        Assert.True(signals.Token.IsCancellationRequested);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Signals_during_an_evaluation_exit_with_130_and_one_cancelled_line(int signalCount)
    {
        using var tree = DatasetTree.MvtecAd(good: 4, perDefect: 4);
        using var signals = new TerminationSignals();
        var reasoners = new FakeReasonerFactory(n =>
        {
            if (n == 2)
            {
                for (int i = 0; i < signalCount; i++)
                {
                    signals.OnSignal(new PosixSignalContext(i % 2 == 0 ? PosixSignal.SIGINT : PosixSignal.SIGTERM));
                }
            }
        });

        CliRun run = await Cli.RunAsync(reasoners, signals.Token, "eval", "--dataset", tree.Root, "--category", "widget", "--out", tree.Path("out"));

        Assert.True(run.ExitCode == 130, run.ToString());
        Assert.Equal("cvlm: error: cancelled.", Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)).TrimEnd('\r'));
        Assert.DoesNotContain("Exception", run.Output + run.Error, StringComparison.Ordinal);
    }
}
