namespace InspectionWorker;

/// <summary>The worker's settings, bound from the configuration section <c>Cvlm:Worker</c> (<see cref="SectionName"/>).</summary>
/// <remarks>Relative paths are taken from the current directory. Folders left empty default to places inside
/// <see cref="InputFolder"/>, which the watcher skips. Validated at start by <see cref="WorkerOptionsValidator"/>: a bad value stops the
/// worker with one line naming the key.</remarks>
public sealed class WorkerOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Cvlm:Worker";

    /// <summary>Gets or sets the watched folder (required unless the demo runs). An image directly in it is inspected with
    /// <see cref="DefaultProfile"/>; an image in a sub-folder with the profile named like the sub-folder (<c>inbox/tire/1.png</c> with
    /// the profile <c>tire</c>).</summary>
    public string? InputFolder { get; set; }

    /// <summary>Gets or sets the profiles: name to a saved profile file (<c>cvlm customize --out</c>, <c>SaveProfileAsync</c>) or to a
    /// folder of reference images of good parts to customize from at start.</summary>
    public Dictionary<string, string> Profiles { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets or sets the profile for images directly in <see cref="InputFolder"/>; empty for the only profile when there is one
    /// (with several profiles and no default, such images fail).</summary>
    public string? DefaultProfile { get; set; }

    /// <summary>Gets or sets the JSON-lines results file; empty for <c>results.jsonl</c> in <see cref="InputFolder"/>.</summary>
    public string? ResultsFile { get; set; }

    /// <summary>Gets or sets where inspected images are moved (keeping their sub-folder); empty for <c>processed</c> in
    /// <see cref="InputFolder"/>.</summary>
    public string? ProcessedFolder { get; set; }

    /// <summary>Gets or sets where images that could not be inspected are moved, each with a <c>.error.txt</c> beside it; empty for
    /// <c>failed</c> in <see cref="InputFolder"/>.</summary>
    public string? FailedFolder { get; set; }

    /// <summary>Gets or sets the health file, rewritten atomically every <see cref="HealthInterval"/>; empty for <c>health.json</c> in
    /// <see cref="InputFolder"/>.</summary>
    public string? HealthFile { get; set; }

    /// <summary>Gets or sets how many images are inspected at the same time, in [1, 64]. Default 2.</summary>
    public int Consumers { get; set; } = 2;

    /// <summary>Gets or sets how many complete images may wait for a consumer, in [1, 100000]. Default 64. When the queue is full the
    /// watcher waits (files stay on disk) and the queue health check reports Degraded.</summary>
    public int QueueCapacity { get; set; } = 64;

    /// <summary>Gets or sets how long a file's size and write time must stay unchanged before it counts as completely written, in
    /// [0, 10 min]. Default 0.5 s. Writers that write to a temporary name (ignored: <c>.tmp</c>, <c>.part</c>, names starting with a
    /// dot) and rename when done never have a half-written file picked up.</summary>
    public TimeSpan SettleTime { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Gets or sets how often the whole folder is scanned again, a safety net for events the file-system watcher missed, in
    /// [1 s, 1 day]. Default 30 s.</summary>
    public TimeSpan RescanInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how often the health checks run and the health file is written, in [1 s, 1 day]. Default 30 s.</summary>
    public TimeSpan HealthInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets a count of images (inspected or failed) after which the worker stops by itself; 0 (default) to run until
    /// stopped. For smoke tests and one-shot batches.</summary>
    public int StopAfterFiles { get; set; }

    /// <summary>Gets the OpenTelemetry settings (<c>Cvlm:Worker:OpenTelemetry</c>).</summary>
    public WorkerTelemetryOptions OpenTelemetry { get; } = new();

    /// <summary>Gets <see cref="InputFolder"/> as a full path.</summary>
    internal string InputPath => Path.GetFullPath(InputFolder ?? ".");

    /// <summary>Gets the results file as a full path.</summary>
    internal string ResultsPath => OrInInput(ResultsFile, "results.jsonl");

    /// <summary>Gets the processed folder as a full path.</summary>
    internal string ProcessedPath => OrInInput(ProcessedFolder, "processed");

    /// <summary>Gets the failed folder as a full path.</summary>
    internal string FailedPath => OrInInput(FailedFolder, "failed");

    /// <summary>Gets the health file as a full path.</summary>
    internal string HealthPath => OrInInput(HealthFile, "health.json");

    /// <summary>Gets the profile for images directly in the input folder, or null when there is none.</summary>
    internal string? RootProfile => !string.IsNullOrWhiteSpace(DefaultProfile) ? DefaultProfile
        : Profiles.Count == 1 ? Profiles.Keys.First() : null;

    private string OrInInput(string? path, string name) =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(path) ? Path.Combine(InputPath, name) : path);
}
