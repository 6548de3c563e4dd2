using BenchmarkDotNet.Attributes;
using Customizable.Vlm.Onnx;
using Customizable.Vlm.Preprocessing;

namespace Customizable.Vlm.Benchmarks.Reasoning;

/// <summary>
/// End-to-end inspection of a decoded 900x900 image against 4 references (preprocess, backbone, patch assembly, projection,
/// nearest-neighbour search over 3,136 reference patches, map, calibration, regions, reasoning) versus the bare backbone run on a
/// ready tensor at the reasoner's input size (320x320 by default) with the same session and thread settings.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class InspectBenchmarks
{
    private FeatureReasoner _reasoner = null!;
    private FeatureReasoner _exactReasoner = null!;
    private FeatureReasoner _onceReasoner = null!;
    private FeatureReasoner _spinningReasoner = null!;
    private FeatureBackbone _spinningBackbone = null!;
    private AnomalyPrompt _prompt = null!;
    private AnomalyPrompt _exactPrompt = null!;
    private AnomalyPrompt _oncePrompt = null!;
    private AnomalyPrompt _spinningPrompt = null!;
    private float[] _tensor = null!;
    private float[] _pair = null!;
    private FeatureBackbone _backbone = null!;

    [GlobalSetup]
    public void Setup()
    {
        _reasoner = new FeatureReasoner();
        _exactReasoner = new FeatureReasoner(new FeatureReasonerOptions { ProjectionDimensions = 0 });
        _onceReasoner = new FeatureReasoner(new FeatureReasonerOptions { MirroredQuery = false });
        _backbone = _reasoner.Backbone;
        var spinning = new FeatureReasonerOptions();
        spinning.Backbone.Session.AllowSpinning = true;
        _spinningReasoner = new FeatureReasoner(spinning);
        _spinningBackbone = _spinningReasoner.Backbone;
        _prompt = Prompt(_reasoner);
        _exactPrompt = Prompt(_exactReasoner);
        _oncePrompt = Prompt(_onceReasoner);
        _spinningPrompt = Prompt(_spinningReasoner);
        // The baseline runs at the size the default inspection runs at (the backbone's input, 320 x 320 for these square parts).
        var preprocessor = new TensorPreprocessor(new TensorPreprocessorOptions { TargetWidth = _backbone.InputWidth, TargetHeight = _backbone.InputHeight, ChannelOrder = TensorChannelOrder.Bgr, Scale = 1, Mean = new RgbTriple(123.15f, 115.90f, 103.06f) });
        _tensor = new float[preprocessor.TensorLength];
        preprocessor.Preprocess(_prompt.QueryViews[0].Frame, _tensor);
        _pair = [.. _tensor, .. _tensor];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _reasoner.Dispose();
        _exactReasoner.Dispose();
        _onceReasoner.Dispose();
        _spinningReasoner.Dispose();
    }

    /// <summary>The bare ONNX Runtime run of the backbone (layer2 + layer3 outputs) on an already prepared tensor, with the
    /// reasoner's own session (ONNX Runtime chooses the thread count; workers do not spin).</summary>
    [Benchmark(Baseline = true)]
    public object BareBackboneRun() => _backbone.Extract(_tensor, 1);

    /// <summary>The bare runs a mirrored query needs (<see cref="FeatureReasonerOptions.MirroredQuery"/>): the tensor and its mirror
    /// image as one batch of two, as the reasoner runs them.</summary>
    [Benchmark]
    public object BareBackboneRun_BatchOfTwo() => _backbone.Extract(_pair, 2);

    /// <summary>The same two images as two runs of one.</summary>
    [Benchmark]
    public object BareBackboneRun_TwoRuns()
    {
        _ = _backbone.Extract(_tensor, 1);
        return _backbone.Extract(_tensor, 1);
    }

    /// <summary>The same bare run on a session whose workers spin after each run (ONNX Runtime's own default).</summary>
    [Benchmark]
    public object BareBackboneRun_OrtSpinning() => _spinningBackbone.Extract(_tensor, 1);

    /// <summary>The whole inspection of one decoded image, default options (128-component projected search; the query is also run
    /// mirrored left to right, <see cref="FeatureReasonerOptions.MirroredQuery"/>).</summary>
    [Benchmark]
    public AnomalyVerdict InspectEndToEnd() => _reasoner.ReasonAsync(_prompt).GetAwaiter().GetResult();

    /// <summary>The default inspection with the query scored once (<see cref="FeatureReasonerOptions.MirroredQuery"/> off): one
    /// backbone run and one search.</summary>
    [Benchmark]
    public AnomalyVerdict InspectEndToEnd_SingleOrientation() => _onceReasoner.ReasonAsync(_oncePrompt).GetAwaiter().GetResult();

    /// <summary>The default inspection on a session whose workers spin after each run.</summary>
    [Benchmark]
    public AnomalyVerdict InspectEndToEnd_OrtSpinning() => _spinningReasoner.ReasonAsync(_spinningPrompt).GetAwaiter().GetResult();

    /// <summary>The whole inspection with the exact search over all 384 feature dimensions.</summary>
    [Benchmark]
    public AnomalyVerdict InspectEndToEnd_ExactSearch() => _exactReasoner.ReasonAsync(_exactPrompt).GetAwaiter().GetResult();

    /// <summary>The default inspection plus reading every pixel of the anomaly map at the view's 900x900 resolution.</summary>
    [Benchmark]
    public float InspectEndToEnd_WithFullResolutionMap() => _reasoner.ReasonAsync(_prompt).GetAwaiter().GetResult().AnomalyMaps[0].Values[0];

    private static AnomalyPrompt Prompt(FeatureReasoner reasoner)
    {
        var spec = new InspectionSpec();
        var references = Enumerable.Range(0, 4).Select(i => SyntheticParts.Create(900, i)).Select(f => new EncodedView(f, ImageProvenance.Identity(900, 900))).ToList();
        ReferenceModel model = reasoner.BuildReferenceModelAsync(spec, references).AsTask().GetAwaiter().GetResult();
        RawFrame query = SyntheticParts.Create(900, 99);
        var view = new EncodedView(query, ImageProvenance.Identity(900, 900));
        return new AnomalyPrompt([new ImagePromptPart(view, PromptImageRole.Query)], spec, [view]) { ReferenceModel = model };
    }
}
