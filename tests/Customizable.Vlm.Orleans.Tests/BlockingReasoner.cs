namespace Customizable.Vlm.Orleans.Tests;

/// <summary>A reasoner that holds every call until the test releases it, and records what happened to the calls' tokens.</summary>
public sealed class BlockingReasoner : IAnomalyReasoner
{
    private readonly object _gate = new();
    private TaskCompletionSource _release = NewSource();
    private TaskCompletionSource _entered = NewSource();
    private TaskCompletionSource _cancelled = NewSource();

    /// <summary>Completes when a call has entered <see cref="ReasonAsync"/> since the last <see cref="Block"/>.</summary>
    public Task Entered { get { lock (_gate) { return _entered.Task; } } }

    /// <summary>Completes when a held call saw its token cancelled since the last <see cref="Block"/>.</summary>
    public Task Cancelled { get { lock (_gate) { return _cancelled.Task; } } }

    /// <summary>From now on, calls wait until <see cref="ReleaseAll"/>.</summary>
    public void Block()
    {
        lock (_gate)
        {
            _release = NewSource();
            _entered = NewSource();
            _cancelled = NewSource();
        }
    }

    public void ReleaseAll()
    {
        lock (_gate)
        {
            _release.TrySetResult();
        }
    }

    public async Task<AnomalyVerdict> ReasonAsync(AnomalyPrompt prompt, CancellationToken cancellationToken = default)
    {
        Task release;
        lock (_gate)
        {
            _entered.TrySetResult();
            release = _release.Task;
        }

        try
        {
            await release.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            lock (_gate)
            {
                _cancelled.TrySetResult();
            }

            throw;
        }

        return new AnomalyVerdict { Score = 0.25, IsAnomalous = false, Reasoning = "released" };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
