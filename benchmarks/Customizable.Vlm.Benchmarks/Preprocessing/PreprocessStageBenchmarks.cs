using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using Customizable.Vlm.Preprocessing;

namespace Customizable.Vlm.Benchmarks.Preprocessing;

/// <summary>
/// Where the time of scenario "Stretch" (1024x1024 RGB to 224x224) goes: the two passes of the preprocessor measured alone,
/// single-threaded, with the same filter tables the preprocessor uses.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public unsafe class PreprocessStageBenchmarks
{
    private const int Side = 1024;
    private byte[] _pixels = null!;
    private ResamplePlan _plan = null!;
    private float[] _row = null!;
    private float[] _tensor = null!;

    [GlobalSetup]
    public void Setup()
    {
        _pixels = new byte[Side * Side * 3];
        new Random(1).NextBytes(_pixels);
        _plan = new ResamplePlan(new TensorPreprocessorOptions(), Side, Side);
        _row = new float[(Side * 3) + 4];
        _tensor = new float[3 * 224 * 224];
        for (int i = 0; i < _row.Length; i++)
        {
            _row[i] = i % 256;
        }
    }

    [Benchmark]
    public void VerticalPass_224Rows()
    {
        ResampleAxis y = _plan.Y;
        fixed (byte* src = _pixels)
        fixed (float* row = _row)
        fixed (float* w = y.Weights)
        {
            for (int r = 0; r < y.Length; r++)
            {
                ResampleKernels.Vertical(src, Side * 3, y.Start[r], y.Count[r], w + (r * y.MaxTaps), Side * 3, row, simd: true);
            }
        }
    }

    [Benchmark]
    public void HorizontalPass_224Rows()
    {
        ResampleAxis x = _plan.X;
        Vector128<float> mul = Vector128.Create(1f), add = Vector128<float>.Zero;
        fixed (float* row = _row)
        fixed (float* t = _tensor)
        {
            for (int r = 0; r < 224; r++)
            {
                float* d = t + (r * 224);
                ResampleKernels.Horizontal(row, 3, x, d, d + (224 * 224), d + (2 * 224 * 224), mul, add, simd: true);
            }
        }
    }
}
