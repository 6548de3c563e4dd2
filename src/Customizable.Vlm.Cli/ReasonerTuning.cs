using System.Globalization;
using Customizable.Vlm.Onnx;

namespace Customizable.Vlm.Cli;

/// <summary>
/// The embedded reasoner's settings a user can pin on the command line (<c>--threshold-margin</c>, <c>--memory-bank-size</c>); a
/// null value keeps the reasoner's default. Both take effect when a profile is customized and are stored in it.
/// </summary>
/// <param name="ThresholdMargin">Maps to <see cref="FeatureReasonerOptions.ThresholdMargin"/>: the shift of the decision threshold
/// from the self-tuned one, in units of the normal scores' spread (negative flags more, positive fewer); finite.</param>
/// <param name="MaxMemoryBankSize">Maps to <see cref="FeatureReasonerOptions.MaxMemoryBankSize"/>: the most patches kept in the
/// memory bank (0 keeps all); at least 0.</param>
/// <param name="SelfTuningSeconds">Maps to <see cref="FeatureReasonerOptions.SelfTuningBudget"/>: seconds customization may spend
/// choosing the resize mode and normalisation from synthetic defects (0 = off); at least 0.</param>
internal sealed record ReasonerTuning(double? ThresholdMargin = null, int? MaxMemoryBankSize = null, int? SelfTuningSeconds = null)
{
    /// <summary>Gets the backbone input width and height in pixels (<c>--input-size</c>; [32, 2048]), null for the reasoner's default.
    /// Maps to <see cref="FeatureBackboneOptions.InputWidth"/> and <see cref="FeatureBackboneOptions.InputHeight"/>.</summary>
    public int? InputSize { get; init; }

    /// <summary>Gets the input shape (<c>--input-shape</c>: "square" or "aspect"), null for the reasoner's default (aspect).</summary>
    public string? InputShape { get; init; }

    /// <summary>Gets how many outer rings of the patch grid are lowered to the distance of the nearest patch inside them
    /// (<c>--edge-rings</c>; [0, 8]), null for the reasoner's default (0). Maps to <see cref="FeatureReasonerOptions.EdgePatchRings"/>.</summary>
    public int? EdgeRings { get; init; }

    /// <summary>Gets how unit-length features are normalised (<c>--feature-norm</c>: "layer" or "whole"), null for the reasoner's
    /// default (layer). Maps to <see cref="FeatureReasonerOptions.NormalizeLayersSeparately"/>.</summary>
    public string? FeatureNorm { get; init; }

    /// <summary>Gets the averaging window of the patch features (<c>--averaging-window</c>; odd, 1 to 15), null for the reasoner's
    /// default (3). Maps to <see cref="FeatureReasonerOptions.LocalAveragingKernel"/>.</summary>
    public int? AveragingWindow { get; init; }

    /// <summary>No setting pinned.</summary>
    public static ReasonerTuning None { get; } = new();

    /// <summary>Gets <c>on</c> or <c>off</c> to pin whether mirrored copies of the references join the memory, or null for the
    /// reasoner's default (on). Maps to <see cref="FeatureReasonerOptions.ReferenceAugmentation"/> (both flips, or none).</summary>
    public string? MirroredCopies { get; init; }

    /// <summary>Gets <c>on</c> or <c>off</c> to pin whether queries are also scored mirrored, or null for the reasoner's default (on).
    /// Maps to <see cref="FeatureReasonerOptions.MirroredQuery"/>.</summary>
    public string? MirroredQuery { get; init; }

    /// <summary>Gets <c>auto</c>, <c>on</c> or <c>off</c> for turned copies of the references in the memory, or null for the
    /// reasoner's default (auto). Maps to <see cref="FeatureReasonerOptions.TurnedCopies"/>.</summary>
    public string? TurnedCopies { get; init; }

    /// <summary>Gets whether no setting is pinned.</summary>
    public bool IsEmpty => OptionNames.Count == 0;

    /// <summary>Gets the options that set something, as typed on the command line (for messages).</summary>
    public IReadOnlyList<string> OptionNames =>
        [.. new[] { ThresholdMargin is null ? null : "--threshold-margin", MaxMemoryBankSize is null ? null : "--memory-bank-size", SelfTuningSeconds is null ? null : "--self-tuning", InputSize is null ? null : "--input-size", InputShape is null ? null : "--input-shape", EdgeRings is null ? null : "--edge-rings", FeatureNorm is null ? null : "--feature-norm", AveragingWindow is null ? null : "--averaging-window", MirroredCopies is null ? null : "--mirrored-copies", MirroredQuery is null ? null : "--mirrored-query", TurnedCopies is null ? null : "--turned-copies" }.OfType<string>()];

    /// <summary>Refuses settings that contradict each other, rather than letting one silently undo the other.</summary>
    /// <exception cref="CliUsageException"><c>--mirrored-query on</c> with <c>--mirrored-copies off</c>: the mirrored query needs
    /// the mirrored copies in the memory.</exception>
    public void EnsureConsistent()
    {
        if (MirroredQuery == "on" && MirroredCopies == "off")
        {
            throw new CliUsageException("--mirrored-query on needs the mirrored copies of the references in the memory, which --mirrored-copies off leaves out; drop one of the two (with --mirrored-copies off each query is scored once).");
        }
    }

    /// <summary>Writes the pinned settings into <paramref name="options"/>.</summary>
    public FeatureReasonerOptions ApplyTo(FeatureReasonerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (ThresholdMargin is { } margin)
        {
            options.ThresholdMargin = margin;
        }

        if (MaxMemoryBankSize is { } size)
        {
            options.MaxMemoryBankSize = size;
        }

        if (SelfTuningSeconds is { } seconds)
        {
            options.SelfTuningBudget = TimeSpan.FromSeconds(seconds);
        }

        if (InputSize is { } side)
        {
            (options.Backbone.InputWidth, options.Backbone.InputHeight) = (side, side);
            options.SingleReferenceInputSize = null;
        }

        if (InputShape is { } shape)
        {
            options.MatchReferenceAspect = shape == "aspect";
        }

        if (EdgeRings is { } rings)
        {
            options.EdgePatchRings = rings;
        }

        if (FeatureNorm is { } norm)
        {
            options.NormalizeLayersSeparately = norm == "layer";
        }

        if (AveragingWindow is { } window)
        {
            options.LocalAveragingKernel = window;
        }

        if (MirroredCopies is { } copies)
        {
            options.ReferenceAugmentation = copies == "on" ? ReferenceAugmentation.FlipHorizontal | ReferenceAugmentation.FlipVertical : ReferenceAugmentation.None;
        }

        if (MirroredQuery is { } mirrored)
        {
            options.MirroredQuery = mirrored == "on";
        }

        if (TurnedCopies is { } turns)
        {
            options.TurnedCopies = turns switch { "on" => true, "off" => false, _ => null };
        }

        return options;
    }

    /// <summary>", threshold margin X, memory bank N patches" for the pinned settings; empty when none.</summary>
    public string Describe() =>
        (ThresholdMargin is { } m ? string.Create(CultureInfo.InvariantCulture, $", threshold margin {m:0.###}") : string.Empty) +
        (MaxMemoryBankSize is { } n ? (n == 0 ? ", every patch kept" : string.Create(CultureInfo.InvariantCulture, $", memory bank of at most {n} patches")) : string.Empty) +
        (SelfTuningSeconds is { } t ? (t == 0 ? ", self-tuning off" : string.Create(CultureInfo.InvariantCulture, $", self-tuning within {t} s")) : string.Empty) +
        (InputSize is { } px ? string.Create(CultureInfo.InvariantCulture, $", input {px}x{px} pixels") : string.Empty) +
        (InputShape is { } shape ? (shape == "square" ? ", square input" : ", input in the references' proportions") : string.Empty) +
        (EdgeRings is { } e ? string.Create(CultureInfo.InvariantCulture, $", edge rings {e}") : string.Empty) +
        (FeatureNorm is { } f ? (f == "layer" ? ", each layer normalised on its own" : ", the whole feature normalised at once") : string.Empty) +
        (AveragingWindow is { } w ? (w == 1 ? ", no feature averaging" : string.Create(CultureInfo.InvariantCulture, $", features averaged over {w} x {w} patches")) : string.Empty) +
        (MirroredCopies is { } c ? (c == "on" ? ", mirrored copies of the references" : ", no mirrored copies of the references") : string.Empty) +
        (MirroredQuery is { } q ? (q == "on" ? ", queries also scored mirrored" : ", queries scored once (not mirrored)") : string.Empty) +
        (TurnedCopies is { } t4 ? t4 switch { "on" => ", turned copies of the references", "off" => ", no turned copies", _ => ", turned copies if the references vary in orientation" } : string.Empty);
}
