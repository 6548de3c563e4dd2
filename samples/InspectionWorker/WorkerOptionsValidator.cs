using Microsoft.Extensions.Options;

namespace InspectionWorker;

/// <summary>Checks <see cref="WorkerOptions"/> at start; each failure is one sentence naming its configuration key.</summary>
public sealed class WorkerOptionsValidator : IValidateOptions<WorkerOptions>
{
    private const string Key = WorkerOptions.SectionName;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, WorkerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];
        if (string.IsNullOrWhiteSpace(options.InputFolder))
        {
            failures.Add($"{Key}:InputFolder is not set: name the folder to watch (or set nothing at all under {Key} to run the demo).");
        }
        else if (!Directory.Exists(options.InputPath))
        {
            failures.Add($"{Key}:InputFolder: the folder '{options.InputPath}' does not exist.");
        }

        if (options.Profiles.Count == 0)
        {
            failures.Add($"{Key}:Profiles is empty: map at least one profile name to a saved profile file or a folder of reference images ({Key}:Profiles:<name>=<path>).");
        }

        string[] reserved = [Path.GetFileName(options.ProcessedPath), Path.GetFileName(options.FailedPath)];
        foreach ((string profile, string path) in options.Profiles)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                failures.Add($"{Key}:Profiles:{profile} is empty: give a saved profile file or a folder of reference images.");
            }
            else if (!File.Exists(path) && !Directory.Exists(path))
            {
                failures.Add($"{Key}:Profiles:{profile}: '{Path.GetFullPath(path)}' is neither a saved profile file nor a folder of reference images.");
            }

            if (profile.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || reserved.Contains(profile, StringComparer.Ordinal))
            {
                failures.Add($"{Key}:Profiles:{profile}: the name must be usable as a sub-folder of the input folder and differ from '{string.Join("' and '", reserved)}'.");
            }
        }

        if (!string.IsNullOrWhiteSpace(options.DefaultProfile) && !options.Profiles.ContainsKey(options.DefaultProfile))
        {
            failures.Add($"{Key}:DefaultProfile: no profile is named '{options.DefaultProfile}' (configured: {string.Join(", ", options.Profiles.Keys)}).");
        }

        Range(failures, "Consumers", options.Consumers, 1, 64);
        Range(failures, "QueueCapacity", options.QueueCapacity, 1, 100_000);
        Range(failures, "StopAfterFiles", options.StopAfterFiles, 0, int.MaxValue);
        Range(failures, "SettleTime", options.SettleTime, TimeSpan.Zero, TimeSpan.FromMinutes(10));
        Range(failures, "RescanInterval", options.RescanInterval, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        Range(failures, "HealthInterval", options.HealthInterval, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Range<T>(List<string> failures, string key, T value, T min, T max)
        where T : IComparable<T>
    {
        if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
        {
            failures.Add($"{Key}:{key} is {value}; it must be in [{min}, {max}].");
        }
    }
}
