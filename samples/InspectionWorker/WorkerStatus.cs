namespace InspectionWorker;

/// <summary>Counters and the last reasoner failure, shared by the consumers and the health checks.</summary>
/// <remarks>Thread-safe: every member may be used concurrently.</remarks>
public sealed class WorkerStatus
{
    private long _inspected;
    private long _failed;
    private long _cancelled;
    private long _finished;
    private string? _lastReasonerError;

    /// <summary>Gets the number of images inspected and written to the results.</summary>
    public long Inspected => Interlocked.Read(ref _inspected);

    /// <summary>Gets the number of images moved to the failed folder.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Gets the number of inspections cancelled at shutdown (their images stay in the input folder).</summary>
    public long Cancelled => Interlocked.Read(ref _cancelled);

    /// <summary>Gets the message of the last failure that was not the image's fault (the reasoner or the model), or null when the
    /// last inspection succeeded.</summary>
    public string? LastReasonerError => Volatile.Read(ref _lastReasonerError);

    /// <summary>Records an inspection written to the results.</summary>
    /// <returns>The number of images finished (inspected or failed).</returns>
    public long RecordInspected()
    {
        Volatile.Write(ref _lastReasonerError, null);
        Interlocked.Increment(ref _inspected);
        return Interlocked.Increment(ref _finished);
    }

    /// <summary>Records an image moved to the failed folder.</summary>
    /// <param name="reasonerError">The message when the failure was not the image's fault; null for a bad image.</param>
    /// <returns>The number of images finished (inspected or failed).</returns>
    public long RecordFailed(string? reasonerError)
    {
        if (reasonerError is not null)
        {
            Volatile.Write(ref _lastReasonerError, reasonerError);
        }

        Interlocked.Increment(ref _failed);
        return Interlocked.Increment(ref _finished);
    }

    /// <summary>Records an inspection cancelled at shutdown.</summary>
    public void RecordCancelled() => Interlocked.Increment(ref _cancelled);
}
