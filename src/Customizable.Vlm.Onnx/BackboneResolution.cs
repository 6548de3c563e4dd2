using System.Globalization;
using Customizable.Vlm.Anomaly;
using Customizable.Vlm.Preprocessing;
using Microsoft.Extensions.Logging;

namespace Customizable.Vlm.Onnx;

/// <summary>
/// The backbone run at one input size, with what depends on that size: the preprocessors (one per resize mode), the patch grid,
/// the map smoother and the feature signature. A <see cref="FeatureReasoner"/> customizes at the size of its options and inspects
/// a profile at the size the profile was customized with.
/// </summary>
/// <remarks>Immutable after construction and thread-safe (the ONNX Runtime session is). Owns its backbone.</remarks>
internal sealed class BackboneResolution : IDisposable
{
    private readonly Dictionary<TensorResizeMode, TensorPreprocessor> _preprocessors = [];

    /// <summary>Loads the backbone at the size in <paramref name="backboneOptions"/>.</summary>
    /// <param name="backboneOptions">The backbone options (validated by the caller).</param>
    /// <param name="localAveragingKernel">The averaging window of the patch features (part of the signature).</param>
    /// <param name="smoothingSigma">The Gaussian smoothing of the maps, in backbone-input pixels.</param>
    /// <param name="logger">Receives provider decisions.</param>
    public BackboneResolution(FeatureBackboneOptions backboneOptions, int localAveragingKernel, double smoothingSigma, ILogger logger)
    {
        LocalAveragingKernel = localAveragingKernel;
        Backbone = new FeatureBackbone(backboneOptions, logger);
        try
        {
            foreach (TensorResizeMode mode in Enum.GetValues<TensorResizeMode>())
            {
                _preprocessors[mode] = new TensorPreprocessor(new TensorPreprocessorOptions
                {
                    TargetWidth = Backbone.InputWidth,
                    TargetHeight = Backbone.InputHeight,
                    ResizeMode = mode,
                    // The crop must fit whatever the image's orientation: the shorter side goes to the longer target side (x 256/224).
                    ResizeShorterSide = (int)Math.Round(Math.Max(Backbone.InputWidth, Backbone.InputHeight) * 256.0 / 224.0),
                    ChannelOrder = Backbone.ChannelOrder,
                    Scale = Backbone.Scale,
                    Mean = new RgbTriple(Backbone.MeanRgb[0], Backbone.MeanRgb[1], Backbone.MeanRgb[2]),
                    Std = new RgbTriple(Backbone.StdRgb[0], Backbone.StdRgb[1], Backbone.StdRgb[2]),
                    PadValue = new RgbTriple(Backbone.MeanRgb[0] / Backbone.Scale, Backbone.MeanRgb[1] / Backbone.Scale, Backbone.MeanRgb[2] / Backbone.Scale),
                });
            }

            (_, GridHeight, GridWidth) = Backbone.GetOutputShape(0);
            Smoother = new SmoothUpsampler(GridWidth, GridHeight, Backbone.InputWidth, Backbone.InputHeight, smoothingSigma);
            for (int i = 0; i < Backbone.OutputNames.Count; i++)
            {
                Dimensions += Backbone.GetOutputShape(i).Channels;
            }

            Signature = string.Create(
                CultureInfo.InvariantCulture,
                $"{Path.GetFileName(Backbone.ModelPath)}|{string.Join('+', Backbone.OutputNames)}|{Backbone.InputWidth}x{Backbone.InputHeight}|k{localAveragingKernel}");
        }
        catch
        {
            Backbone.Dispose();
            throw;
        }
    }

    /// <summary>Gets the backbone session at this size.</summary>
    public FeatureBackbone Backbone { get; }

    /// <summary>Gets the width of the patch grid (the first feature output's width).</summary>
    public int GridWidth { get; }

    /// <summary>Gets the height of the patch grid.</summary>
    public int GridHeight { get; }

    /// <summary>Gets the number of patches of one view.</summary>
    public int PatchesPerImage => GridWidth * GridHeight;

    /// <summary>Gets the length of one patch feature.</summary>
    public int Dimensions { get; }

    /// <summary>Gets the upsampler from the patch grid to the backbone input.</summary>
    public SmoothUpsampler Smoother { get; }

    /// <summary>Gets the averaging window of the patch features at this resolution (odd; 1 averages nothing).</summary>
    public int LocalAveragingKernel { get; }

    /// <summary>Gets <c>model|outputs|WxH|kK</c>.</summary>
    public string Signature { get; }

    /// <summary>Gets the preprocessor of a resize mode.</summary>
    /// <param name="mode">The resize mode.</param>
    /// <returns>The preprocessor.</returns>
    public TensorPreprocessor PreprocessorFor(TensorResizeMode mode) => _preprocessors[mode];

    /// <summary>
    /// Splits a <c>model|outputs|WxH|kK</c> signature into the parts a profile carries with it (the input size and the averaging
    /// window, which a reasoner adopts from the profile) and the rest (<c>model|outputs</c>, which must match the reasoner's).
    /// </summary>
    /// <param name="signature">The signature.</param>
    /// <param name="width">The input width.</param>
    /// <param name="height">The input height.</param>
    /// <param name="kernel">The averaging window (odd, at most <see cref="MaxAveragingKernel"/>).</param>
    /// <param name="rest">The signature without its size and window.</param>
    /// <returns><see langword="false"/> when the signature lacks a size or a window, or names a window out of range.</returns>
    public static bool TrySplit(string signature, out int width, out int height, out int kernel, out string rest)
    {
        (width, height, kernel, rest) = (0, 0, 0, signature);
        string[] parts = signature.Split('|');
        int sizeAt = -1, kernelAt = -1;
        for (int i = 0; i < parts.Length; i++)
        {
            string[] wh = parts[i].Split('x');
            if (sizeAt < 0
                && wh.Length == 2
                && int.TryParse(wh[0], NumberStyles.None, CultureInfo.InvariantCulture, out int w)
                && int.TryParse(wh[1], NumberStyles.None, CultureInfo.InvariantCulture, out int h))
            {
                (sizeAt, width, height) = (i, w, h);
            }
            else if (kernelAt < 0
                && parts[i].Length > 1
                && parts[i][0] == 'k'
                && int.TryParse(parts[i].AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out int k))
            {
                (kernelAt, kernel) = (i, k);
            }
        }

        if (sizeAt < 0 || kernelAt < 0 || kernel < 1 || kernel > MaxAveragingKernel || kernel % 2 == 0)
        {
            return false;
        }

        rest = string.Join('|', parts.Where((_, j) => j != sizeAt && j != kernelAt));
        return true;
    }

    /// <summary>The widest averaging window a profile may name (wider than any patch grid this reasoner runs at its smallest input).</summary>
    public const int MaxAveragingKernel = 63;

    /// <inheritdoc />
    public void Dispose() => Backbone.Dispose();
}
