using System.Collections.Concurrent;

namespace Customizable.Vlm.Orleans.Tests;

/// <summary>A reasoner that holds every call until it is released and tells, per query name, when the call entered and whether its
/// token was cancelled while it was held.</summary>
public sealed class CallTrackingReasoner : IAnomalyReasoner
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _entered = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _cancelled = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the call for <paramref name="name"/> has entered <see cref="ReasonAsync"/>.</summary>
    public Task Entered(string name) => Source(_entered, name).Task;

    /// <summary>Completes when the held call for <paramref name="name"/> saw its token cancelled.</summary>
    public Task Cancelled(string name) => Source(_cancelled, name).Task;

    /// <summary>Lets every held and future call finish.</summary>
    public void ReleaseAll() => _release.TrySetResult();

    public async Task<AnomalyVerdict> ReasonAsync(AnomalyPrompt prompt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        string name = prompt.QueryViews[0].Source?.Name ?? "?";
        Source(_entered, name).TrySetResult();
        try
        {
            await _release.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Source(_cancelled, name).TrySetResult();
            throw;
        }

        return new AnomalyVerdict { Score = 0.25, IsAnomalous = false, Reasoning = "released " + name };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    private static TaskCompletionSource Source(ConcurrentDictionary<string, TaskCompletionSource> sources, string name) =>
        sources.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
