using System.Globalization;
using System.Text;
using Customizable.Vlm.Onnx;

namespace Customizable.Vlm.Cli.Output;

/// <summary>Writes what the embedded reasoner's self-tuning chose at customization, and the evidence, as text lines.</summary>
internal static class TuningSummary
{
    /// <summary>Describes the profile's tuning, or returns null when its reasoner did not tune (a VLM reasoner, an old profile).</summary>
    public static string? Describe(InspectionProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (profile.ReferenceModel is not FeatureReferenceModel { Tuning: { } tuning } model)
        {
            return null;
        }

        var text = new StringBuilder();
        if (tuning.Candidates.Count == 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"Feature settings: {tuning.Chosen} (pinned or self-tuning off).");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"Self-tuning: {tuning.Chosen}, chosen from {tuning.Candidates.Count} setting(s) by {tuning.SyntheticDefects} synthetic defects planted on {tuning.HeldOutReferences} held-out reference(s) in {tuning.Elapsed.TotalSeconds:0.0} s{(tuning.BudgetExhausted ? " (time budget reached)" : string.Empty)}:");
            foreach (FeatureTuningCandidate c in tuning.Candidates)
            {
                bool chosen = c.Name == tuning.Chosen;
                text.AppendLine().Append(CultureInfo.InvariantCulture, $"  {(chosen ? "*" : " ")} {c.Name,-18} synthetic AUROC {c.SyntheticAuroc:0.000}  hit rate {c.HitRate:0.00}  separation {c.Separation:0.00}x  objective {c.Objective:0.000}");
            }
        }

        if (System.Text.RegularExpressions.Regex.Match(model.FeatureSignature, @"\|(\d+)x(\d+)\|") is { Success: true } size)
        {
            string norm = model.NormalizesLayersSeparately ? "each layer's part normalised on its own" : model.NormalizeFeatures ? "the whole feature normalised at once" : "raw features";
            string window = System.Text.RegularExpressions.Regex.Match(model.FeatureSignature, @"\|k(\d+)(\||$)") is { Success: true } k
                ? (k.Groups[1].Value == "1" ? "; no feature averaging" : $"; features averaged over {k.Groups[1].Value} x {k.Groups[1].Value} patches")
                : string.Empty;
            text.AppendLine().Append(CultureInfo.InvariantCulture, $"Backbone input: {size.Groups[1].Value}x{size.Groups[2].Value} pixels; {norm}{window}{(model.MirrorsQuery ? "; each query also scored mirrored left to right" : string.Empty)}; memory: {model.PatchCount} patches kept from {model.ReferenceCount} reference view(s).");
        }

        // Several view slots share one fused step (docs/point-clouds.md, "One decision over all views"): its text is printed once.
        const string FusedStep = "; then every one of the ";
        string? fused = null;
        foreach (FeatureThresholdEvidence t in tuning.Thresholds)
        {
            string slot = tuning.Thresholds.Count > 1 ? string.Create(CultureInfo.InvariantCulture, $" (view slot {t.Slot})") : string.Empty;
            string normal = t.NormalScores.Count == 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{t.NormalScores.Min():0.000}-{t.NormalScores.Max():0.000}");
            string defects = t.DefectScores.Count == 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{t.DefectScores.Min():0.000}-{t.DefectScores.Max():0.000}");
            string rule = t.Rule;
            int step = rule.IndexOf(FusedStep, StringComparison.Ordinal);
            if (step >= 0)
            {
                fused = rule[(step + FusedStep.Length)..];
                rule = rule[..step];
            }

            text.AppendLine().Append(CultureInfo.InvariantCulture, $"Decision threshold{slot}: {t.Threshold:0.000} (raw distance), {rule}; held-out normal scores {normal}, synthetic-defect scores {defects}.");
        }

        if (fused is not null)
        {
            text.AppendLine().Append(CultureInfo.InvariantCulture, $"One decision over all views: the thresholds above are those after every one of the {fused}.");
        }

        return text.ToString();
    }
}
