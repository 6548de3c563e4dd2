using Customizable.Vlm.Preprocessing;

namespace Customizable.Vlm.Onnx.Tuning;

/// <summary>The per-profile feature settings customization may choose: how views are fitted to the backbone input and whether
/// patch features are scaled to unit length.</summary>
/// <param name="ResizeMode">How views are fitted to the backbone input.</param>
/// <param name="Normalize">Whether patch features are scaled to unit length.</param>
/// <param name="Resolution">The backbone at the input size to extract at; <see langword="null"/> for the reasoner's own (its
/// options' size).</param>
internal readonly record struct FeatureSettings(TensorResizeMode ResizeMode, bool Normalize, BackboneResolution? Resolution = null)
{
    /// <summary>The settings used when nothing is pinned and nothing is tuned.</summary>
    public static FeatureSettings Fallback => new(TensorResizeMode.Stretch, true);

    /// <summary>Gets the outer rings of the patch grid checked against their inner neighbours before the map is built
    /// (<see cref="FeatureReasonerOptions.EdgePatchRings"/>; 0 in models written before the option existed).</summary>
    public int EdgeRings { get; init; }

    /// <summary>Gets whether, with <see cref="Normalize"/>, each backbone layer's block is scaled on its own
    /// (<see cref="FeatureReasonerOptions.NormalizeLayersSeparately"/>; false in models written before the option existed, which
    /// normalised the whole feature).</summary>
    public bool PerLayer { get; init; }

    /// <summary>Gets whether each query is also scored mirrored left to right, each patch distance averaged with its mirrored twin's
    /// (<see cref="FeatureReasonerOptions.MirroredQuery"/>; false in models written before the option existed).</summary>
    public bool MirrorQuery { get; init; }

    /// <summary>Gets a short name such as <c>stretch+l2</c> or <c>center-crop+raw</c>.</summary>
    public string Name => $"{ResizeName(ResizeMode)}+{(Normalize ? "l2" : "raw")}";

    /// <summary>The short name of a resize mode.</summary>
    public static string ResizeName(TensorResizeMode mode) => mode switch
    {
        TensorResizeMode.Stretch => "stretch",
        TensorResizeMode.ShorterSideThenCenterCrop => "center-crop",
        TensorResizeMode.Letterbox => "letterbox",
        _ => mode.ToString(),
    };

    /// <summary>Splits a feature signature (<c>model|outputs|WxH|Resize|kK|l2=B</c>, then <c>|norm=layer</c> when each layer is
    /// normalised on its own, <c>|edge=N</c> when edge rings are used and <c>|mirror=h</c> when queries are also scored mirrored) into the part that must match the reasoner and
    /// the settings the model was built with; false when the signature names no resize mode or normalisation.</summary>
    public static bool TryParse(string signature, out string baseSignature, out FeatureSettings settings)
    {
        ArgumentNullException.ThrowIfNull(signature);
        baseSignature = string.Empty;
        settings = default;
        TensorResizeMode? resize = null;
        bool? normalize = null;
        int? edge = null;
        bool? perLayer = null;
        bool? mirror = null;
        var rest = new List<string>();
        foreach (string part in signature.Split('|'))
        {
            if (resize is null && Enum.TryParse(part, ignoreCase: false, out TensorResizeMode mode) && Enum.IsDefined(mode) && !int.TryParse(part, out _))
            {
                resize = mode;
            }
            else if (normalize is null && part.StartsWith("l2=", StringComparison.Ordinal) && bool.TryParse(part.AsSpan(3), out bool l2))
            {
                normalize = l2;
            }
            else if (perLayer is null && part == "norm=layer")
            {
                perLayer = true;
            }
            else if (mirror is null && part == "mirror=h")
            {
                mirror = true;
            }
            else if (edge is null && part.StartsWith("edge=", StringComparison.Ordinal)
                && int.TryParse(part.AsSpan(5), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int rings)
                && rings <= 8)
            {
                edge = rings;
            }
            else
            {
                rest.Add(part);
            }
        }

        if (resize is null || normalize is null || (perLayer is true && normalize is false))
        {
            return false;
        }

        baseSignature = string.Join('|', rest);
        settings = new FeatureSettings(resize.Value, normalize.Value) { EdgeRings = edge ?? 0, PerLayer = perLayer ?? false, MirrorQuery = mirror ?? false };
        return true;
    }
}
