namespace Customizable.Vlm.AI;

/// <summary>Options of the resilience pipeline that <see cref="ChatResilience.CreatePipeline"/> builds for a chat client: a Polly retry on
/// transient failures around a per-attempt timeout.</summary>
/// <remarks>A mutable options class; <see cref="ChatResilience.CreatePipeline"/> reads it once. Use <see cref="Clone"/> to derive
/// variants.</remarks>
public sealed class ChatResilienceOptions
{
    /// <summary>The shortest per-attempt timeout Polly's timeout strategy accepts.</summary>
    internal static readonly TimeSpan MinAttemptTimeout = TimeSpan.FromMilliseconds(10);

    /// <summary>Gets or sets how many times a transient failure (see <see cref="ChatResilience.IsTransient"/>) is retried, in [0, 10];
    /// defaults to 3. 0 adds no retry.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Gets or sets how long one attempt may take before it is abandoned with Polly's
    /// <see cref="Polly.Timeout.TimeoutRejectedException"/> (a transient failure, so retried); at least 10 ms, defaults to 60 s.
    /// <see cref="Timeout.InfiniteTimeSpan"/> adds no timeout.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets the wait before the first retry; each further retry waits twice as long, up to <see cref="MaxRetryDelay"/>.
    /// In [0, 1 day]; defaults to 1 s.</summary>
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the longest wait between two attempts, at least <see cref="InitialRetryDelay"/>; defaults to 30 s.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a value is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range; the parameter name is the property's.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRetries, 0, nameof(MaxRetries));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxRetries, 10, nameof(MaxRetries));
        if (AttemptTimeout != Timeout.InfiniteTimeSpan && AttemptTimeout < MinAttemptTimeout)
        {
            throw new ArgumentOutOfRangeException(nameof(AttemptTimeout), AttemptTimeout, "The timeout must be at least 10 ms, or infinite.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(InitialRetryDelay, TimeSpan.Zero, nameof(InitialRetryDelay));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(InitialRetryDelay, TimeSpan.FromDays(1), nameof(InitialRetryDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRetryDelay, InitialRetryDelay, nameof(MaxRetryDelay));
    }

    /// <summary>Returns a copy.</summary>
    /// <returns>The copy.</returns>
    public ChatResilienceOptions Clone() => (ChatResilienceOptions)MemberwiseClone();
}
