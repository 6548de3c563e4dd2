using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using Customizable.Vlm.Anomaly;
using Customizable.Vlm.Onnx;
using Customizable.Vlm.Preprocessing;

namespace Customizable.Vlm.Benchmarks.Reasoning;

/// <summary>
/// The stages of one default inspection (900x900 query, 4 references) measured one by one, to show where the time of
/// <see cref="InspectBenchmarks.InspectEndToEnd"/> goes. The backbone run itself is <see cref="InspectBenchmarks.BareBackboneRun"/>.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class InspectStageBenchmarks
{
    // The default backbone input (320 x 320 for these square parts) and its patch grid (stride 8): set in Setup from the reasoner.
    private int _grid;
    private int _side;
    private FeatureReasoner _reasoner = null!;
    private FeatureReferenceModel _model = null!;
    private TensorPreprocessor _preprocessor = null!;
    private RawFrame _query = null!;
    private float[] _tensor = null!;
    private FeatureMaps _maps = null!;
    private float[] _patches = null!;
    private float[] _projected = null!;
    private float[] _distances = null!;
    private float[] _map = null!;
    private SmoothUpsampler _smoother = null!;
    private PatchMemoryBank _bankWithoutPrefix = null!;
    private FeatureReasoner _exactReasoner = null!;
    private FeatureReferenceModel _exactModel = null!;
    private float[] _rotated = null!;
    private PatchMemoryBank _exactBankWithoutPrefix = null!;

    [GlobalSetup]
    public void Setup()
    {
        _reasoner = new FeatureReasoner();
        var references = Enumerable.Range(0, 4).Select(i => new EncodedView(SyntheticParts.Create(900, i), ImageProvenance.Identity(900, 900))).ToList();
        _model = (FeatureReferenceModel)_reasoner.BuildReferenceModelAsync(new InspectionSpec(), references).AsTask().GetAwaiter().GetResult();
        _query = SyntheticParts.Create(900, 99);
        _side = _reasoner.Backbone.InputWidth;
        _grid = _model.GridWidth;
        _preprocessor = new TensorPreprocessor(new TensorPreprocessorOptions { TargetWidth = _side, TargetHeight = _side, ChannelOrder = TensorChannelOrder.Bgr, Scale = 1, Mean = new RgbTriple(123.15f, 115.90f, 103.06f) });
        _tensor = new float[_preprocessor.TensorLength];
        _preprocessor.Preprocess(_query, _tensor);
        _maps = _reasoner.Backbone.Extract(_tensor, 1);
        _patches = new float[_grid * _grid * _reasoner.FeatureDimensions];
        PatchFeatureAssembler.Assemble(_maps, 0, _grid, _grid, 3, true, true, _patches);
        _projected = new float[_grid * _grid * _model.SlotMemories[0].Bank.Dimensions];
        _model.SlotMemories[0].Projection!.Project(_patches, _grid * _grid, _projected);
        _distances = new float[_grid * _grid];
        PatchMemoryBank bank = _model.SlotMemories[0].Bank;
        _bankWithoutPrefix = PatchMemoryBank.Create(bank.ToArray(), bank.Count, bank.Dimensions);
        bank.NearestSquaredDistances(_projected, _grid * _grid, _distances, 2);
        TensorPrimitives.Sqrt(_distances, _distances);
        // The exact search (ProjectionDimensions = 0): its bank lives in the references' principal axes (a rotation of all 384
        // dimensions). The peer holds the same rows without the prefix index: every dimension compared, as the exact search did
        // before (over the raw features then; a rotation changes neither the distances nor the work).
        _exactReasoner = new FeatureReasoner(new FeatureReasonerOptions { ProjectionDimensions = 0 });
        _exactModel = (FeatureReferenceModel)_exactReasoner.BuildReferenceModelAsync(new InspectionSpec(), references).AsTask().GetAwaiter().GetResult();
        _rotated = new float[_grid * _grid * _exactModel.SlotMemories[0].Bank.Dimensions];
        PatchMemoryBank exactBank = _exactModel.SlotMemories[0].Bank;
        _exactBankWithoutPrefix = PatchMemoryBank.Create(exactBank.ToArray(), exactBank.Count, exactBank.Dimensions);
        _exactModel.SlotMemories[0].Projection!.Project(_patches, _grid * _grid, _rotated);
        _map = new float[_side * _side];
        _smoother = new SmoothUpsampler(_grid, _grid, _side, _side, 4);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _reasoner.Dispose();
        _exactReasoner.Dispose();
    }

    /// <summary>Decoded 900x900 RGB to the 320x320 BGR tensor.</summary>
    [Benchmark]
    public float Preprocess()
    {
        _preprocessor.Preprocess(_query, _tensor);
        return _tensor[0];
    }

    /// <summary>layer2 + layer3 maps to 1,600 384-dim patch features, each layer's part normalised on its own (the default).</summary>
    [Benchmark]
    public float AssemblePatches()
    {
        PatchFeatureAssembler.Assemble(_maps, 0, _grid, _grid, 3, true, true, _patches);
        return _patches[0];
    }

    /// <summary>The same with one norm over the whole feature (profiles written before per-layer normalisation), for comparison.</summary>
    [Benchmark]
    public float AssemblePatchesWholeFeatureNorm()
    {
        PatchFeatureAssembler.Assemble(_maps, 0, _grid, _grid, 3, true, false, _patches);
        return _patches[0];
    }

    /// <summary>1,600 patches projected to 128 components + residual length.</summary>
    [Benchmark]
    public float ProjectQueries()
    {
        _model.SlotMemories[0].Projection!.Project(_patches, _grid * _grid, _projected);
        return _projected[0];
    }

    /// <summary>Nearest neighbours of the 1,600 projected patches among the references' (and their mirrored copies') patches, 2 threads,
    /// as inspection searches: the profile's bank, whose first pass compares the 32 leading principal components and compares in
    /// full only what could be nearer than the best so far.</summary>
    [Benchmark]
    public float SearchProjected()
    {
        _model.SlotMemories[0].Bank.NearestSquaredDistances(_projected, _grid * _grid, _distances, 2);
        return _distances[0];
    }

    /// <summary>The same search over the same features with every dimension of every bank patch compared (the kernel before the
    /// prefix pass): the peer <see cref="SearchProjected"/> is measured against.</summary>
    [Benchmark]
    public float SearchProjectedEveryDimension()
    {
        _bankWithoutPrefix.NearestSquaredDistances(_projected, _grid * _grid, _distances, 2);
        return _distances[0];
    }

    /// <summary>The exact search as inspection runs it: the 1,600 patches rotated into the references' principal axes (all 384
    /// dimensions), then searched with the first pass over the 32 leading ones.</summary>
    [Benchmark]
    public float SearchExact()
    {
        _exactModel.SlotMemories[0].Projection!.Project(_patches, _grid * _grid, _rotated);
        _exactModel.SlotMemories[0].Bank.NearestSquaredDistances(_rotated, _grid * _grid, _distances, 2);
        return _distances[0];
    }

    /// <summary>The exact search without rotation or first pass: every one of the 384 dimensions of every bank patch compared (the
    /// exact search before it was rotated, which also had no rotation to pay for); the peer of <see cref="SearchExact"/>, over the
    /// same rows, so both find the same distances.</summary>
    [Benchmark]
    public float SearchExactEveryDimension()
    {
        _exactBankWithoutPrefix.NearestSquaredDistances(_rotated, _grid * _grid, _distances, 2);
        return _distances[0];
    }

    /// <summary>40x40 distances to the smoothed 320x320 map, calibrated, and its regions.</summary>
    [Benchmark]
    public int MapCalibrationAndRegions()
    {
        _smoother.Apply(_distances, _map);
        _model.SlotMemories[0].Calibration.CalibrateInPlace(_map);
        return ConnectedComponents.Find(_map, _side, _side, 0.5f, 100).Count;
    }
}
