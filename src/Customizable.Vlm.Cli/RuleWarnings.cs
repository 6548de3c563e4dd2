using System.Globalization;
using Customizable.Vlm.Onnx;

namespace Customizable.Vlm.Cli;

/// <summary>Says when normality rules would silently do nothing: the embedded reasoner applies only machine-checkable rules.</summary>
internal static class RuleWarnings
{
    /// <summary>The warning for <paramref name="rules"/> given to <paramref name="reasoner"/>, or null when every rule applies.</summary>
    /// <param name="reasoner">The reasoner that will customize and inspect.</param>
    /// <param name="rules">The rules of the spec or rules file.</param>
    /// <returns>One line (without the <c>cvlm: warning:</c> prefix), or null.</returns>
    public static string? ForReasoner(IAnomalyReasoner reasoner, IReadOnlyCollection<NormalityRule> rules)
    {
        ArgumentNullException.ThrowIfNull(reasoner);
        ArgumentNullException.ThrowIfNull(rules);
        if (reasoner.GetService<FeatureReasoner>() is null)
        {
            return null;
        }

        int plain = rules.Count(r => r.MaxDefectAreaFraction is null && r.IgnoreRegions is not { Count: > 0 });
        if (plain == 0)
        {
            return null;
        }

        string which = plain == rules.Count
            ? (plain == 1 ? "the 1 rule given is" : string.Create(CultureInfo.InvariantCulture, $"all {plain} rules given are"))
            : string.Create(CultureInfo.InvariantCulture, $"{plain} of the {rules.Count} rules given are");
        return $"the embedded reasoner does not read plain-text rules, and {which} plain text only: they are kept in the profile and " +
            "passed to vision-language reasoners, but do not change this reasoner's scores or decisions. It applies only the " +
            "machine-checkable fields of .json rules: max_defect_area_fraction and ignore_regions.";
    }
}
