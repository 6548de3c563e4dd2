using BenchmarkDotNet.Attributes;
using Customizable.Vlm.Imaging;
using Customizable.Vlm.Onnx;
using Customizable.Vlm.Preprocessing;

namespace Customizable.Vlm.Benchmarks.Reasoning;

/// <summary>
/// The path users call: <c>InspectAsync(profile, ImageObservation.FromFile(png))</c> with the embedded default and 4 references,
/// on an 800x1600 and a 900x900 PNG, against what it cannot avoid in the same run: decoding the PNG plus the bare backbone run on
/// a prepared tensor (baseline). The default profile also scores the query mirrored left to right
/// (<see cref="FeatureReasonerOptions.MirroredQuery"/>), which needs a second backbone run (measured beside the baseline) and a
/// second search; the same path for a profile that scores the query once is measured too. Also <c>InspectAsync</c> on a decoded frame against <c>ReasonAsync</c> on the same view, which
/// shows what the inspector itself adds.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class PublicPathBenchmarks
{
    private readonly ImageLoader _loader = new();
    private string _folder = null!;
    private FeatureReasoner _reasoner = null!;
    private AnomalyInspector _inspector = null!;
    private InspectionProfile _profile = null!;
    private FeatureReasoner _onceReasoner = null!;
    private AnomalyInspector _onceInspector = null!;
    private InspectionProfile _onceProfile = null!;
    private AnomalyPrompt _prompt = null!;
    private ImageObservation _decoded = null!;
    private float[] _tensor = null!;
    private float[] _pair = null!;
    private TensorPreprocessor _preprocessor = null!;
    private FeatureBackbone _backbone = null!;

    /// <summary>Gets or sets the query image's size, width x height.</summary>
    [Params("800x1600", "900x900")]
    public string Size { get; set; } = "800x1600";

    private string QueryPath => Path.Combine(_folder, "query.png");

    [GlobalSetup]
    public void Setup()
    {
        string[] size = Size.Split('x');
        int width = int.Parse(size[0], System.Globalization.CultureInfo.InvariantCulture), height = int.Parse(size[1], System.Globalization.CultureInfo.InvariantCulture);
        _folder = Path.Combine(Path.GetTempPath(), "cvlm-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        var spec = new InspectionSpec();
        for (int i = 0; i < 4; i++)
        {
            string reference = Path.Combine(_folder, $"good-{i}.png");
            File.WriteAllBytes(reference, FrameEncoding.ToPng(Stretch(SyntheticParts.Create(900, i), width, height)));
            spec.References.Add(ImageObservation.FromFile(reference));
        }

        File.WriteAllBytes(QueryPath, FrameEncoding.ToPng(Stretch(SyntheticParts.Create(900, 99), width, height)));
        _reasoner = new FeatureReasoner();
        _inspector = new AnomalyInspector(_reasoner);
        _profile = _inspector.CustomizeAsync(spec).GetAwaiter().GetResult();
        _onceReasoner = new FeatureReasoner(new FeatureReasonerOptions { MirroredQuery = false });
        _onceInspector = new AnomalyInspector(_onceReasoner);
        _onceProfile = _onceInspector.CustomizeAsync(spec).GetAwaiter().GetResult();
        RawFrame query = _loader.LoadAsync(QueryPath).AsTask().GetAwaiter().GetResult();
        _decoded = ImageObservation.FromFrame(query);
        var view = new EncodedView(query, ImageProvenance.Identity(width, height));
        _prompt = new AnomalyPrompt([], _profile.Spec, [view]) { ReferenceModel = _profile.ReferenceModel };
        // The baseline runs the backbone session the inspection runs: the profile's input size and shape (320 x 320 for the square
        // parts, 224 x 464 for 800 x 1600 ones, which take the references' proportions).
        _backbone = _reasoner.ResolutionFor((FeatureReferenceModel)_profile.ReferenceModel!).Backbone;
        _preprocessor = new TensorPreprocessor(new TensorPreprocessorOptions { TargetWidth = _backbone.InputWidth, TargetHeight = _backbone.InputHeight, ChannelOrder = TensorChannelOrder.Bgr, Scale = 1, Mean = new RgbTriple(123.15f, 115.90f, 103.06f) });
        _tensor = new float[_preprocessor.TensorLength];
        _preprocessor.Preprocess(query, _tensor);
        _pair = [.. _tensor, .. _tensor];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _reasoner.Dispose();
        _onceReasoner.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>What no inspection can avoid: decoding the PNG file, then the bare backbone run on a prepared tensor.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("file")]
    public object DecodeAndBareBackbone()
    {
        _ = _loader.LoadAsync(QueryPath).AsTask().GetAwaiter().GetResult();
        return _backbone.Extract(_tensor, 1);
    }

    /// <summary>Decoding the PNG file, then the two bare backbone runs a mirrored query needs (the tensor and its mirror image, one
    /// batch of two, as the reasoner runs them).</summary>
    [Benchmark]
    [BenchmarkCategory("file")]
    public object DecodeAndBareBackboneBothOrientations()
    {
        _ = _loader.LoadAsync(QueryPath).AsTask().GetAwaiter().GetResult();
        return _backbone.Extract(_pair, 2);
    }

    /// <summary>The public path from a file (the default profile: the query also scored mirrored).</summary>
    [Benchmark]
    [BenchmarkCategory("file")]
    public AnomalyVerdict InspectFile() => _inspector.InspectAsync(_profile, ImageObservation.FromFile(QueryPath)).GetAwaiter().GetResult();

    /// <summary>The public path from a file for a profile that scores the query once (<c>MirroredQuery = false</c>).</summary>
    [Benchmark]
    [BenchmarkCategory("file")]
    public AnomalyVerdict InspectFile_SingleOrientation() => _onceInspector.InspectAsync(_onceProfile, ImageObservation.FromFile(QueryPath)).GetAwaiter().GetResult();

    /// <summary>The reasoner alone on the decoded view.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("decoded")]
    public AnomalyVerdict ReasonDecoded() => _reasoner.ReasonAsync(_prompt).GetAwaiter().GetResult();

    /// <summary>The public path on a decoded frame.</summary>
    [Benchmark]
    [BenchmarkCategory("decoded")]
    public AnomalyVerdict InspectDecoded() => _inspector.InspectAsync(_profile, _decoded).GetAwaiter().GetResult();

    private static RawFrame Stretch(RawFrame frame, int width, int height)
    {
        byte[] pixels = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<byte> row = frame.GetRow(y * frame.Height / height);
            for (int x = 0; x < width; x++)
            {
                row.Slice(x * frame.Width / width * 3, 3).CopyTo(pixels.AsSpan(((y * width) + x) * 3));
            }
        }

        return new RawFrame(width, height, PixelFormat.Rgb24, pixels);
    }
}
