using System.Collections.Concurrent;

namespace Customizable.Vlm.AI;

/// <summary>An in-process <see cref="IAnswerCache"/> holding at most a given number of answers (the oldest are dropped first).</summary>
/// <remarks>Thread-safe. Lives as long as the instance.</remarks>
[Obsolete(AnswerCacheObsolete.Message)]
public sealed class InMemoryAnswerCache : IAnswerCache
{
    private readonly ConcurrentDictionary<string, string> _answers = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();
    private readonly int _capacity;

    /// <summary>Initializes a new cache.</summary>
    /// <param name="capacity">The largest number of answers kept, at least 1; defaults to 10,000.</param>
    public InMemoryAnswerCache(int capacity = 10_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    /// <summary>Gets the number of answers held.</summary>
    public int Count => _answers.Count;

    /// <inheritdoc />
    public ValueTask<string?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return ValueTask.FromResult(_answers.TryGetValue(key, out string? answer) ? answer : null);
    }

    /// <inheritdoc />
    public ValueTask SetAsync(string key, string answer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(answer);
        cancellationToken.ThrowIfCancellationRequested();
        if (_answers.TryAdd(key, answer))
        {
            _order.Enqueue(key);
            while (_answers.Count > _capacity && _order.TryDequeue(out string? oldest))
            {
                _answers.TryRemove(oldest, out _);
            }
        }
        else
        {
            _answers[key] = answer;
        }

        return ValueTask.CompletedTask;
    }
}
