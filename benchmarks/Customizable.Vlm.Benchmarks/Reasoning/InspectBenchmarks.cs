using BenchmarkDotNet.Attributes;
using Customizable.Vlm.Onnx;
using Customizable.Vlm.Preprocessing;

namespace Customizable.Vlm.Benchmarks.Reasoning;

/// <summary>
/// End-to-end inspection of a decoded 900x900 image against 4 references (preprocess, backbone, patch assembly, nearest-neighbour
/// search over 3,136 reference patches, map, calibration, regions, reasoning) versus the bare backbone run on a ready tensor.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class InspectBenchmarks
{
    private FeatureReasoner _reasoner = null!;
    private AnomalyPrompt _prompt = null!;
    private float[] _tensor = null!;
    private FeatureBackbone _backbone = null!;

    [GlobalSetup]
    public void Setup()
    {
        _reasoner = new FeatureReasoner();
        _backbone = _reasoner.GetService<FeatureBackbone>()!;
        var spec = new InspectionSpec();
        var references = Enumerable.Range(0, 4).Select(i => SyntheticParts.Create(900, i)).Select(f => new EncodedView(f, ImageProvenance.Identity(900, 900))).ToList();
        ReferenceModel model = _reasoner.BuildReferenceModelAsync(spec, references).AsTask().GetAwaiter().GetResult();
        RawFrame query = SyntheticParts.Create(900, 99);
        var view = new EncodedView(query, ImageProvenance.Identity(900, 900));
        _prompt = new AnomalyPrompt([new ImagePromptPart(view, PromptImageRole.Query)], spec, [view]) { ReferenceModel = model };
        var preprocessor = new TensorPreprocessor(new TensorPreprocessorOptions { ChannelOrder = TensorChannelOrder.Bgr, Scale = 1, Mean = new RgbTriple(123.15f, 115.90f, 103.06f) });
        _tensor = new float[preprocessor.TensorLength];
        preprocessor.Preprocess(query, _tensor);
    }

    [GlobalCleanup]
    public void Cleanup() => _reasoner.Dispose();

    /// <summary>The bare ONNX Runtime run of the backbone (layer2 + layer3 outputs) on an already prepared tensor.</summary>
    [Benchmark(Baseline = true)]
    public FeatureMaps BareBackboneRun() => _backbone.Extract(_tensor, 1);

    /// <summary>The whole inspection of one decoded image.</summary>
    [Benchmark]
    public AnomalyVerdict InspectEndToEnd() => _reasoner.ReasonAsync(_prompt).GetAwaiter().GetResult();
}
