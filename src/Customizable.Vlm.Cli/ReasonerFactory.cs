using Customizable.Vlm.Onnx;

namespace Customizable.Vlm.Cli;

/// <summary>Creates the reasoner named on the command line. Only <c>default</c> (the embedded feature reasoner) exists today.</summary>
internal class ReasonerFactory
{
    /// <summary>The names <c>--reasoner</c> accepts.</summary>
    public static readonly string[] Names = ["default"];

    /// <summary>Creates the reasoner; the caller disposes it when it is <see cref="IDisposable"/>.</summary>
    /// <param name="name">A name from <see cref="Names"/>.</param>
    /// <returns>The reasoner and a one-line description of it (including the execution provider).</returns>
    public virtual (IAnomalyReasoner Reasoner, string Description) Create(string name)
    {
        if (!string.Equals(name, "default", StringComparison.Ordinal))
        {
            throw new CliUsageException($"Unknown reasoner '{name}'; use one of: {string.Join(", ", Names)}.");
        }

        var reasoner = new FeatureReasoner();
        return (reasoner, $"embedded FeatureReasoner (ResNet18 patch memory) on {reasoner.ActiveProvider}");
    }
}
