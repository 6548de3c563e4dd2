using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Customizable.Vlm.Orleans.Silo;

/// <summary>The silo's bound on concurrent inspections (<see cref="CvlmInspectionOptions.MaxConcurrentInspections"/>): a request takes
/// a slot or waits at most <see cref="CvlmInspectionOptions.AdmissionTimeout"/> for one, then is refused with
/// <see cref="InspectionRejectedException"/>. One per silo (a singleton of the silo's services), shared by every worker activation.</summary>
internal sealed partial class InspectionAdmission : IDisposable
{
    private readonly SemaphoreSlim _slots;
    private readonly TimeSpan _timeout;
    private readonly ILogger _logger;

    public InspectionAdmission(IOptions<CvlmInspectionOptions> options, ILocalSiloDetails silo, ILogger<InspectionAdmission> logger)
    {
        CvlmInspectionOptions value = options.Value;
        MaxConcurrentInspections = value.MaxConcurrentInspections;
        _timeout = value.AdmissionTimeout;
        _slots = new SemaphoreSlim(MaxConcurrentInspections, MaxConcurrentInspections);
        Silo = silo.SiloAddress.ToString();
        _logger = logger;
    }

    /// <summary>Gets the silo's address, as verdicts and rejections report it.</summary>
    public string Silo { get; }

    /// <summary>Gets the bound.</summary>
    public int MaxConcurrentInspections { get; }

    /// <summary>Gets the number of inspections running now.</summary>
    public int InFlight => MaxConcurrentInspections - _slots.CurrentCount;

    /// <summary>Takes a slot, waiting at most the admission timeout.</summary>
    /// <exception cref="InspectionRejectedException">No slot freed in time.</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled while waiting.</exception>
    public async Task<Lease> EnterAsync(CancellationToken cancellationToken)
    {
        long started = Stopwatch.GetTimestamp();
        if (!_slots.Wait(0, CancellationToken.None) && (_timeout <= TimeSpan.Zero || !await _slots.WaitAsync(_timeout, cancellationToken).ConfigureAwait(false)))
        {
            Log.Rejected(_logger, MaxConcurrentInspections);
            throw new InspectionRejectedException(Silo, MaxConcurrentInspections, Stopwatch.GetElapsedTime(started));
        }

        return new Lease(_slots);
    }

    public void Dispose() => _slots.Dispose();

    /// <summary>A taken slot; disposing it frees the slot (once).</summary>
    internal sealed class Lease(SemaphoreSlim slots) : IDisposable
    {
        private SemaphoreSlim? _slots = slots;

        public void Dispose() => Interlocked.Exchange(ref _slots, null)?.Release();
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Inspection refused: the silo runs its maximum of {Max} inspections at once.")]
        public static partial void Rejected(ILogger logger, int max);
    }
}
