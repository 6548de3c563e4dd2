namespace Customizable.Vlm.Orleans;

/// <summary>Options of the inspection grains on one silo: how much work a silo admits, how many worker activations it runs, where
/// profiles live and how long they stay warm. Bound from configuration (e.g. the section <c>Cvlm:Orleans</c>) or set in code through
/// <c>ISiloBuilder.AddCvlmInspection</c>.</summary>
/// <remarks>Every silo reads its own options: a bigger machine can admit more. The options are validated when the silo starts; an
/// invalid value fails the start with an <c>OptionsValidationException</c> naming the key.</remarks>
public sealed class CvlmInspectionOptions
{
    /// <summary>The most seconds <see cref="AdmissionTimeout"/> may be (a bounded wait, never an unbounded queue).</summary>
    public const double MaxAdmissionTimeoutSeconds = 600;

    /// <summary>Gets or sets the number of inspections one silo runs at once, in [1, 4096]. A request beyond it waits at most
    /// <see cref="AdmissionTimeout"/> for a slot and is then refused with <see cref="InspectionRejectedException"/>. Default: the
    /// silo's processor count (the embedded reasoner is CPU-bound: more at once only lengthens each inspection).</summary>
    public int MaxConcurrentInspections { get; set; } = Environment.ProcessorCount;

    /// <summary>Gets or sets how long a request waits for a free slot when the silo is saturated, in [0, 600] seconds. Zero (the
    /// default) refuses at once, so the caller can retry elsewhere or later; at most <see cref="MaxConcurrentInspections"/> requests
    /// wait per slot freed, since waiting requests hold no slot and each is refused when its time is up.</summary>
    public TimeSpan AdmissionTimeout { get; set; } = TimeSpan.Zero;

    /// <summary>Gets or sets the most activations of the stateless inspection worker one silo keeps per worker key, in [1, 1024]
    /// (Orleans' <c>[StatelessWorker]</c> max local workers; <see cref="ClusterInspector"/> uses <see cref="ClusterInspector.WorkerKeys"/>
    /// keys). The workers are reentrant and run inspections on the thread pool, so one activation carries any number of inspections:
    /// this bounds activations, not inspections, which <see cref="MaxConcurrentInspections"/> bounds. Default 1. A caller's
    /// cancellation reaches its inspection whichever activation runs it (<see cref="ClusterInspector"/> also sends the call's id to the
    /// silo, since Orleans 10.4 may deliver its own cancellation to another activation of the key).</summary>
    public int MaxLocalWorkers { get; set; } = 1;

    /// <summary>Gets or sets how long a profile grain stays active (its profile's bytes in memory) without being called, in [1 s,
    /// 30 days]. Default: 1 hour. Each silo's parsed copy of a profile stays in that silo's cache for the silo's lifetime.</summary>
    public TimeSpan ProfileKeepAlive { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets the folder of the file-system profile source (<see cref="FileSystemProfileSource"/>): profile
    /// <c>tire</c> is the file <c>tire.cvlm</c> in it (see <see cref="ProfileFileExtension"/>). Relative paths are resolved against the
    /// silo's current directory. Null (the default) when another <see cref="IProfileSource"/> is registered; the file-system source
    /// refuses to start without it.</summary>
    public string? ProfileDirectory { get; set; }

    /// <summary>Gets or sets the extension of profile files in <see cref="ProfileDirectory"/>, with its dot. Default <c>.cvlm</c>.</summary>
    public string ProfileFileExtension { get; set; } = ".cvlm";

    /// <summary>Gets or sets the folder under which requests may name image files by path (<see cref="InspectionRequest.ImagePath"/>),
    /// for images on storage every silo mounts. Null (the default) refuses requests by path: images then travel as bytes.</summary>
    public string? ImageDirectory { get; set; }

    /// <summary>Gets or sets the key of the <see cref="AnomalyInspector"/> to use in the silo's services (registered with
    /// <c>AddKeyedEmbeddedReasoner(key, ...)</c>), or null (the default) for the unkeyed inspector.</summary>
    public string? ReasonerKey { get; set; }

    /// <summary>Returns a copy.</summary>
    /// <returns>A copy of these options.</returns>
    public CvlmInspectionOptions Clone() => (CvlmInspectionOptions)MemberwiseClone();

    /// <summary>Returns the first problem with these options as <c>(key, message)</c>, or null when they are valid.</summary>
    internal (string Key, string Message)? FindProblem()
    {
        if (MaxConcurrentInspections is < 1 or > 4096)
        {
            return (nameof(MaxConcurrentInspections), $"Must be in [1, 4096]. (value: {MaxConcurrentInspections})");
        }

        if (AdmissionTimeout < TimeSpan.Zero || AdmissionTimeout.TotalSeconds > MaxAdmissionTimeoutSeconds)
        {
            return (nameof(AdmissionTimeout), $"Must be in [0, {MaxAdmissionTimeoutSeconds}] seconds. (value: {AdmissionTimeout})");
        }

        if (MaxLocalWorkers is < 1 or > 1024)
        {
            return (nameof(MaxLocalWorkers), $"Must be in [1, 1024]. (value: {MaxLocalWorkers})");
        }

        if (ProfileKeepAlive < TimeSpan.FromSeconds(1) || ProfileKeepAlive > TimeSpan.FromDays(30))
        {
            return (nameof(ProfileKeepAlive), $"Must be in [1 s, 30 days]. (value: {ProfileKeepAlive})");
        }

        if (string.IsNullOrWhiteSpace(ProfileFileExtension) || ProfileFileExtension[0] != '.' || ProfileFileExtension.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
        {
            return (nameof(ProfileFileExtension), $"Must start with a dot and be valid in a file name. (value: '{ProfileFileExtension}')");
        }

        return null;
    }
}
