using Customizable.Vlm.Anomaly;

namespace Customizable.Vlm.Tests.Anomaly;

public class SmoothUpsamplerTests
{
    [Theory]
    [InlineData(28, 28, 224, 224, 4.0)]
    [InlineData(7, 5, 40, 23, 1.5)]
    [InlineData(3, 9, 17, 60, 0.0)]
    [InlineData(1, 1, 5, 4, 2.0)]
    public void The_operator_equals_resampling_then_blurring(int gridWidth, int gridHeight, int width, int height, double sigma)
    {
        var random = new Random(gridWidth + height);
        float[] grid = [.. Enumerable.Range(0, gridWidth * gridHeight).Select(_ => (float)(random.NextDouble() * 2))];
        float[] expected = new float[width * height];
        MapResampler.Resample(grid, gridWidth, gridHeight, expected, width, height, (double)gridWidth / width, (double)gridHeight / height);
        GaussianBlur.Apply(expected, width, height, sigma);
        float[] actual = new float[width * height];
        actual.AsSpan().Fill(float.NaN);

        new SmoothUpsampler(gridWidth, gridHeight, width, height, sigma).Apply(grid, actual);

        for (int i = 0; i < actual.Length; i++)
        {
            Assert.True(Math.Abs(actual[i] - expected[i]) < 1e-5, $"pixel {i}: {actual[i]} vs {expected[i]}");
        }
    }

    [Fact]
    public void Bad_sizes_are_rejected()
    {
        var upsampler = new SmoothUpsampler(4, 4, 16, 16, 1);

        Assert.Throws<ArgumentException>(() => upsampler.Apply(new float[15], new float[256]));
        Assert.Throws<ArgumentException>(() => upsampler.Apply(new float[16], new float[255]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SmoothUpsampler(0, 4, 16, 16, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SmoothUpsampler(4, 4, 16, 16, double.NaN));
    }
}
