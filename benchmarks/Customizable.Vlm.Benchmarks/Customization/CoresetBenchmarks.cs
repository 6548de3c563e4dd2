using BenchmarkDotNet.Attributes;
using Customizable.Vlm.Anomaly;
using Customizable.Vlm.Onnx;

namespace Customizable.Vlm.Benchmarks.Customization;

/// <summary>
/// Coreset selection as the embedded default's customization runs it: real backbone patch features of generated 1024x1024 textured
/// references (1,600 patches of 384 dims each at the default 320 x 320 input), a 10% bank, so the patches outnumber the bank 10x and
/// customization selects from a stratified subsample (<see cref="CoresetSampler.SelectSubsampled"/>). The baseline of the same run is
/// the exact greedy selection on every patch (<see cref="CoresetSampler.Select"/>); the old sampler (<see cref="LegacyCoresetSampler"/>,
/// every pick against every feature on a 128-dimensional projection) runs beside them.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class CoresetBenchmarks
{
    private float[] _features = null!;
    private int _count;
    private int _dimensions;

    /// <summary>Gets or sets the number of references whose patches are selected from.</summary>
    [Params(32)]
    public int References { get; set; } = 32;

    private int Target => _count / 10;

    [GlobalSetup]
    public void Setup()
    {
        using var reasoner = new FeatureReasoner();
        var frames = new RawFrame[References];
        Parallel.For(0, References, i => frames[i] = CustomizeTiming.TexturedPart(1024, i));
        _features = reasoner.ExtractPatches(frames, Customizable.Vlm.Onnx.Tuning.FeatureSettings.Fallback, CancellationToken.None);
        _dimensions = reasoner.FeatureDimensions;
        _count = _features.Length / _dimensions;
    }

    /// <summary>The old sampler.</summary>
    [Benchmark]
    public int[] Legacy() => LegacyCoresetSampler.Select(_features, _count, _dimensions, Target);

    /// <summary>The exact greedy selection on every patch (what customization ran before the subsample).</summary>
    [Benchmark(Baseline = true)]
    public int[] Current() => CoresetSampler.Select(_features, _count, _dimensions, Target);

    /// <summary>The selection customization runs now: the exact greedy search on a stratified 4x subsample (one group per reference).</summary>
    [Benchmark]
    public int[] Subsampled() => CoresetSampler.SelectSubsampled(_features, _count, _dimensions, Target, groupSize: _count / References);
}
