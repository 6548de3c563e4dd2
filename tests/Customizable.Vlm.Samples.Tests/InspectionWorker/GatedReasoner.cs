namespace Customizable.Vlm.Samples.Tests.InspectionWorker;

/// <summary>A reasoner that answers the worker's warm-up at once and then holds every inspection until <see cref="Release"/>, so a
/// test can stop the host while an inspection is in flight.</summary>
internal sealed class GatedReasoner : IAnomalyReasoner
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _calls;

    /// <summary>Gets a task that completes when the first inspection after the warm-up is being reasoned.</summary>
    public Task Entered => _entered.Task;

    /// <summary>Gets the number of inspections that ended by cancellation.</summary>
    public int Cancelled { get; private set; }

    public void Release() => _gate.TrySetResult();

    public async Task<AnomalyVerdict> ReasonAsync(AnomalyPrompt prompt, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Increment(ref _calls) > 1)
        {
            _entered.TrySetResult();
            try
            {
                await _gate.Task.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Cancelled++;
                throw;
            }
        }

        return new AnomalyVerdict { IsAnomalous = false, Score = 0.25, Reasoning = "gated" };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
