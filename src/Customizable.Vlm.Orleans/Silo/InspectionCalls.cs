using System.Collections.Concurrent;

namespace Customizable.Vlm.Orleans.Silo;

/// <summary>The inspections running on this silo by call id, so that a caller's cancellation reaches its inspection whichever
/// activation of the stateless worker receives it. One per silo (a singleton of the silo's services).</summary>
/// <remarks>Orleans 10 delivers a call's cancellation to the grain it addressed; with several activations of a stateless worker key
/// on a silo (<see cref="CvlmInspectionOptions.MaxLocalWorkers"/> &gt; 1) that may be an activation that is not running the call,
/// which then ignores it. <see cref="ClusterInspector"/> therefore also sends the call's id to the same worker key
/// (<c>IInspectionGrain.CancelAsync</c>), which reaches the same silo (a client routes a key through one gateway; inside a silo,
/// stateless workers are local), and any activation there cancels the call through this registry. A cancellation that arrives before
/// its call began is kept for <see cref="EarlyCancellationLifetime"/>.</remarks>
internal sealed class InspectionCalls(TimeProvider timeProvider)
{
    /// <summary>How long an id cancelled before its call began is remembered.</summary>
    public static readonly TimeSpan EarlyCancellationLifetime = TimeSpan.FromMinutes(2);

    /// <summary>The most early cancellations remembered at once (a bound against a flood of unknown ids).</summary>
    public const int MaxEarlyCancellations = 4096;

    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> _running = new();
    private readonly ConcurrentDictionary<Guid, long> _cancelledEarly = new();

    /// <summary>Gets the number of calls running now.</summary>
    public int Running => _running.Count;

    /// <summary>Registers a call; its <see cref="Call.Token"/> is cancelled by <paramref name="cancellationToken"/> or by
    /// <see cref="Cancel"/> with its id. <see cref="Guid.Empty"/> registers nothing (the token alone cancels).</summary>
    public Call Begin(Guid callId, CancellationToken cancellationToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bool registered = callId != Guid.Empty && _running.TryAdd(callId, source);

        // Added first, then checked: a Cancel racing with this either finds the call or left its id for this check.
        if (registered && _cancelledEarly.TryRemove(callId, out _))
        {
            source.Cancel();
        }

        return new Call(this, registered ? callId : Guid.Empty, source);
    }

    /// <summary>Cancels the running call with this id, or remembers the id for a call that has not begun.</summary>
    public void Cancel(Guid callId)
    {
        if (callId == Guid.Empty || TryCancelRunning(callId))
        {
            return;
        }

        long now = timeProvider.GetTimestamp();
        foreach (KeyValuePair<Guid, long> early in _cancelledEarly)
        {
            if (timeProvider.GetElapsedTime(early.Value, now) > EarlyCancellationLifetime)
            {
                _cancelledEarly.TryRemove(early);
            }
        }

        if (_cancelledEarly.Count < MaxEarlyCancellations)
        {
            _cancelledEarly[callId] = now;

            // Added first, then checked (see Begin).
            if (TryCancelRunning(callId))
            {
                _cancelledEarly.TryRemove(callId, out _);
            }
        }
    }

    private bool TryCancelRunning(Guid callId)
    {
        if (!_running.TryGetValue(callId, out CancellationTokenSource? source))
        {
            return false;
        }

        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The call ended meanwhile.
        }

        return true;
    }

    /// <summary>A registered call; disposing it unregisters the call.</summary>
    internal sealed class Call(InspectionCalls calls, Guid callId, CancellationTokenSource source) : IDisposable
    {
        /// <summary>Gets the token the inspection observes.</summary>
        public CancellationToken Token { get; } = source.Token;

        public void Dispose()
        {
            if (callId != Guid.Empty)
            {
                calls._running.TryRemove(new KeyValuePair<Guid, CancellationTokenSource>(callId, source));
            }

            source.Dispose();
        }
    }
}
