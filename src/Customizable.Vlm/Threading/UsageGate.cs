namespace Customizable.Vlm.Threading;

/// <summary>
/// Counts the calls in flight on a disposable object so that disposal waits for them: calls that start after disposal began
/// throw <see cref="ObjectDisposedException"/>, and <see cref="CloseAsync"/> completes when the last call in flight has left.
/// </summary>
/// <remarks>Lock-free; all members may be called concurrently. No call can enter once <see cref="CloseAsync"/> has been called.</remarks>
internal sealed class UsageGate
{
    private readonly string _owner;
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _active;
    private int _closed;

    /// <summary>Initializes a new gate.</summary>
    /// <param name="owner">The owner's type name, for <see cref="ObjectDisposedException"/>.</param>
    public UsageGate(string owner)
    {
        _owner = owner;
    }

    /// <summary>Gets whether <see cref="CloseAsync"/> has been called.</summary>
    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Enters a call; dispose the returned lease when the call is over.</summary>
    /// <returns>The lease.</returns>
    /// <exception cref="ObjectDisposedException">The gate is closed.</exception>
    public Lease Enter()
    {
        Interlocked.Increment(ref _active);
        if (Volatile.Read(ref _closed) != 0)
        {
            Exit();
            throw new ObjectDisposedException(_owner);
        }

        return new Lease(this);
    }

    /// <summary>Closes the gate: no call enters from now on.</summary>
    /// <returns>A task that completes when no call is in flight any more.</returns>
    public Task CloseAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0 && Volatile.Read(ref _active) == 0)
        {
            _drained.TrySetResult();
        }

        return _drained.Task;
    }

    private void Exit()
    {
        if (Interlocked.Decrement(ref _active) == 0 && Volatile.Read(ref _closed) != 0)
        {
            _drained.TrySetResult();
        }
    }

    /// <summary>One call in flight; disposing it leaves the gate.</summary>
    internal readonly struct Lease : IDisposable
    {
        private readonly UsageGate? _gate;

        internal Lease(UsageGate gate)
        {
            _gate = gate;
        }

        /// <inheritdoc />
        public void Dispose() => _gate?.Exit();
    }
}
