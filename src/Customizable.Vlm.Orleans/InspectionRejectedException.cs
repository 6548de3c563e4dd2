namespace Customizable.Vlm.Orleans;

/// <summary>The silo that received an inspection was already running its maximum number of inspections
/// (<see cref="CvlmInspectionOptions.MaxConcurrentInspections"/>) and no slot freed within
/// <see cref="CvlmInspectionOptions.AdmissionTimeout"/>: back-pressure instead of an unbounded queue. Nothing was inspected.</summary>
/// <remarks>Safe to retry (the request had no effect): after a delay, or at once, since the next call from a cluster client may go to
/// another silo. Sustained rejections mean the cluster is short of capacity: add silos, or raise the bound on bigger machines.</remarks>
public sealed class InspectionRejectedException : CustomizableVlmException
{
    /// <summary>Initializes a new instance with a default message.</summary>
    public InspectionRejectedException()
        : base("The silo is saturated: the inspection was not admitted.")
    {
        Silo = string.Empty;
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">Why the inspection was refused.</param>
    public InspectionRejectedException(string message)
        : base(message)
    {
        Silo = string.Empty;
    }

    /// <summary>Initializes a new instance with a message and the underlying cause.</summary>
    /// <param name="message">Why the inspection was refused.</param>
    /// <param name="innerException">The underlying cause, or null.</param>
    public InspectionRejectedException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Silo = string.Empty;
    }

    /// <summary>Initializes a new instance for a saturated silo.</summary>
    /// <param name="silo">The silo that refused (its address).</param>
    /// <param name="maxConcurrentInspections">Its bound on concurrent inspections.</param>
    /// <param name="waited">How long the request waited for a slot.</param>
    public InspectionRejectedException(string silo, int maxConcurrentInspections, TimeSpan waited)
        : base($"Silo {silo} is running its maximum of {maxConcurrentInspections} inspections at once and no slot freed within {waited.TotalMilliseconds:0} ms; retry later or add silos.")
    {
        Silo = silo ?? string.Empty;
        MaxConcurrentInspections = maxConcurrentInspections;
    }

    /// <summary>Initializes a new instance from a silo's reply, on the caller's side.</summary>
    internal InspectionRejectedException(string message, string silo, int maxConcurrentInspections)
        : base(message)
    {
        Silo = silo;
        MaxConcurrentInspections = maxConcurrentInspections;
    }

    /// <summary>Gets the address of the silo that refused the inspection (empty when unknown).</summary>
    public string Silo { get; private set; }

    /// <summary>Gets that silo's bound on concurrent inspections (0 when unknown).</summary>
    public int MaxConcurrentInspections { get; private set; }
}
