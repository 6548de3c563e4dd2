namespace Customizable.Vlm;

/// <summary>Checks that an inspection's normality rules apply to the modality of the views they are used with.</summary>
internal static class RuleChecks
{
    /// <summary>Throws when a rule cannot apply to <paramref name="views"/>: <see cref="NormalityRule.IgnoreRegions"/> are in source
    /// image pixels, so they apply to image observations only (never silently skipped for point clouds or videos).</summary>
    public static void ValidateFor(InspectionSpec spec, IReadOnlyList<EncodedView> views)
    {
        foreach (NormalityRule rule in spec.NormalityRules)
        {
            if (rule.IgnoreRegions is not { Count: > 0 })
            {
                continue;
            }

            foreach (EncodedView view in views)
            {
                if (view.Provenance.SourceModality != ObservationModality.Image)
                {
                    throw new CustomizableVlmException(
                        $"Rule {rule.Id ?? $"\"{rule.Text}\""} has IgnoreRegions, which are boxes in source image pixels and apply to image " +
                        $"observations only, but view '{view.Label ?? view.Index.ToString(System.Globalization.CultureInfo.InvariantCulture)}' of " +
                        $"'{view.Source?.Name ?? "the observation"}' comes from a {view.Provenance.SourceModality} observation. Remove the regions " +
                        "from this rule for this modality.");
                }
            }
        }
    }
}
