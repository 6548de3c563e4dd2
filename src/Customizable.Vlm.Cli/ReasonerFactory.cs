using Customizable.Vlm.Onnx;

namespace Customizable.Vlm.Cli;

/// <summary>
/// Creates the reasoner named on the command line: <c>default</c> is the embedded feature reasoner with its default options;
/// <c>default-exact</c> is the same reasoner searching all 384 feature dimensions exactly
/// (<see cref="FeatureReasonerOptions.ProjectionDimensions"/> = 0), for measuring what the default projection costs or gains.
/// </summary>
internal class ReasonerFactory
{
    /// <summary>The names <c>--reasoner</c> accepts.</summary>
    public static readonly string[] Names = ["default", "default-exact"];

    /// <summary>Creates the reasoner; the caller disposes it when it is <see cref="IDisposable"/>.</summary>
    /// <param name="name">A name from <see cref="Names"/>.</param>
    /// <returns>The reasoner and a one-line description of it (including the execution provider).</returns>
    public virtual (IAnomalyReasoner Reasoner, string Description) Create(string name)
    {
        FeatureReasoner reasoner = name switch
        {
            "default" => new FeatureReasoner(),
            "default-exact" => new FeatureReasoner(new FeatureReasonerOptions { ProjectionDimensions = 0 }),
            _ => throw new CliUsageException($"Unknown reasoner '{name}'; use one of: {string.Join(", ", Names)}."),
        };
        string search = name == "default" ? $"{new FeatureReasonerOptions().ProjectionDimensions}-component search" : "exact search";
        return (reasoner, $"embedded FeatureReasoner (ResNet18 patch memory, {search}) on {reasoner.ActiveProvider}");
    }
}
