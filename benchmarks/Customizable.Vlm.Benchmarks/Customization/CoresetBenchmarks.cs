using BenchmarkDotNet.Attributes;
using Customizable.Vlm.Anomaly;
using Customizable.Vlm.Onnx;

namespace Customizable.Vlm.Benchmarks.Customization;

/// <summary>
/// Coreset selection as the embedded default's customization runs it: real backbone patch features of generated 1024x1024 textured
/// references (784 patches of 384 dims each), a 10% bank. The old sampler (<see cref="LegacyCoresetSampler"/>, every pick against every
/// feature on a 128-dimensional projection) is the baseline of the same run.
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
    [Benchmark(Baseline = true)]
    public int[] Legacy() => LegacyCoresetSampler.Select(_features, _count, _dimensions, Target);

    /// <summary>The sampler customization calls now.</summary>
    [Benchmark]
    public int[] Current() => CoresetSampler.Select(_features, _count, _dimensions, Target);
}
