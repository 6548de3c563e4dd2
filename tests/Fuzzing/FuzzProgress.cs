namespace Customizable.Vlm.Testing.Fuzzing;

/// <summary>The input a fuzz run is working on, readable from another thread so that a run past its deadline can say which input
/// hangs and for how long.</summary>
internal sealed class FuzzProgress
{
    private readonly Lock _gate = new();
    private (int Iteration, object? Input, long Started) _current;

    public (int Iteration, object? Input, long Started) Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    public void Start(int iteration, object? input, long timestamp)
    {
        lock (_gate)
        {
            _current = (iteration, input, timestamp);
        }
    }
}
