using Customizable.Vlm.Onnx;

namespace Customizable.Vlm.Cli;

/// <summary>
/// Creates the reasoner named on the command line: <c>default</c> is the embedded feature reasoner with its default options;
/// <c>default-exact</c> is the same reasoner searching all 384 feature dimensions exactly
/// (<see cref="FeatureReasonerOptions.ProjectionDimensions"/> = 0), for measuring what the default projection costs or gains.
/// <see cref="ReasonerTuning"/> pins the embedded reasoner's threshold margin and memory bank size; a factory whose reasoner is not
/// the embedded one refuses them with a usage error rather than ignoring them.
/// </summary>
internal class ReasonerFactory
{
    /// <summary>The names <c>--reasoner</c> accepts.</summary>
    public static readonly string[] Names = ["default", "default-exact"];

    /// <summary>Whether <paramref name="name"/> searches exactly (all feature dimensions) rather than over projected features.</summary>
    public static bool IsExactSearch(string name) => name == "default-exact";

    /// <summary>Creates the reasoner; the caller disposes it when it is <see cref="IDisposable"/>.</summary>
    /// <param name="name">A name from <see cref="Names"/>.</param>
    /// <param name="tuning">Settings pinned on the command line; null for none.</param>
    /// <returns>The reasoner and a one-line description of it (including the execution provider).</returns>
    /// <exception cref="CliUsageException">The name is unknown, or settings are pinned for a reasoner that is not the embedded one.</exception>
    public (IAnomalyReasoner Reasoner, string Description) Create(string name, ReasonerTuning? tuning = null)
    {
        tuning ??= ReasonerTuning.None;
        tuning.EnsureConsistent();
        (IAnomalyReasoner reasoner, string description) = CreateCore(name, tuning);
        if (!tuning.IsEmpty && reasoner.GetService<FeatureReasoner>() is null)
        {
            reasoner.Dispose();
            IReadOnlyList<string> options = tuning.OptionNames;
            throw new CliUsageException(
                $"{string.Join(" and ", options)} {(options.Count == 1 ? "applies" : "apply")} only to the embedded reasoner, and the {description} is not it; leave {(options.Count == 1 ? "it" : "them")} out.");
        }

        return (reasoner, description);
    }

    /// <summary>Creates the reasoner with <paramref name="tuning"/> applied (test factories override this).</summary>
    /// <param name="name">A name from <see cref="Names"/>.</param>
    /// <param name="tuning">Settings pinned on the command line.</param>
    /// <returns>The reasoner and its description.</returns>
    protected virtual (IAnomalyReasoner Reasoner, string Description) CreateCore(string name, ReasonerTuning tuning)
    {
        ArgumentNullException.ThrowIfNull(tuning);
        FeatureReasonerOptions options = name switch
        {
            "default" => new FeatureReasonerOptions(),
            "default-exact" => new FeatureReasonerOptions { ProjectionDimensions = 0 },
            _ => throw new CliUsageException($"Unknown reasoner '{name}'; use one of: {string.Join(", ", Names)}."),
        };
        tuning.ApplyTo(options);
        try
        {
            options.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new CliUsageException($"The reasoner's options are out of range: {ex.Message}", ex);
        }

        var reasoner = new FeatureReasoner(options);
        string search = IsExactSearch(name) ? "exact search" : $"{options.ProjectionDimensions}-component search";
        return (reasoner, $"embedded FeatureReasoner (ResNet18 patch memory, {search}{tuning.Describe()}) on {reasoner.ActiveProvider}");
    }
}
