using System.Runtime.InteropServices;

namespace Customizable.Vlm.Cli;

/// <summary>
/// Turns Ctrl+C (SIGINT) and SIGTERM into cancellation of the running command: the first signal cancels <see cref="Token"/> (the
/// command then stops at its next cancellation point, reports "cancelled." and exits with 130); a second signal, while a long step
/// such as a model call does not return, lets the runtime end the process at once.
/// </summary>
/// <remarks>
/// Replaces System.CommandLine's own termination handler, which reports a forced result when the command does not stop within its
/// timeout and throws <see cref="InvalidOperationException"/> from the signal handler when that happens twice. Nothing here throws:
/// a signal that arrives while or after the run ends is ignored. Thread-safe: signals arrive on a runtime thread.
/// </remarks>
internal sealed class TerminationSignals : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly TextWriter? _error;
    private PosixSignalRegistration[] _registrations = [];
    private int _requests;

    /// <summary>Initializes an instance that is not connected to signals (tests call <see cref="OnSignal"/> themselves).</summary>
    /// <param name="error">Where to say that cancellation is under way; null for nowhere.</param>
    public TerminationSignals(TextWriter? error = null)
    {
        _error = error;
    }

    /// <summary>Gets the token cancelled by the first signal.</summary>
    public CancellationToken Token => _cancellation.Token;

    /// <summary>Creates an instance that handles SIGINT and SIGTERM of this process until disposed.</summary>
    /// <param name="error">Where to say that cancellation is under way.</param>
    public static TerminationSignals Register(TextWriter error)
    {
        var signals = new TerminationSignals(error);
        signals._registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, signals.OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, signals.OnSignal),
        ];
        return signals;
    }

    /// <summary>Handles a signal: the first is turned into cancellation (its default action suppressed); later ones keep their default
    /// action, which ends the process.</summary>
    /// <param name="context">The signal.</param>
    public void OnSignal(PosixSignalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Cancel = Request();
    }

    /// <summary>Cancels <see cref="Token"/> on the first call; returns whether this call did.</summary>
    public bool Request()
    {
        if (Interlocked.Increment(ref _requests) > 1)
        {
            return false;
        }

        try
        {
            _error?.WriteLine("cvlm: cancelling (press Ctrl+C again to stop at once)");
            _cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The run has ended: nothing left to cancel.
        }
        catch (AggregateException)
        {
            // A cancellation callback failed; the token is cancelled all the same and the command reports the cancellation.
        }

        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
        {
            registration.Dispose();
        }

        _registrations = [];
        _cancellation.Dispose();
    }
}
