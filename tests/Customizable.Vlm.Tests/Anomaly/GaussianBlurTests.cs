using Customizable.Vlm.Anomaly;

namespace Customizable.Vlm.Tests.Anomaly;

public class GaussianBlurTests
{
    /// <summary>The direct scalar definition: separable, edge-replicated, weights exp(-i^2 / 2 sigma^2) normalised, radius ceil(3 sigma).</summary>
    private static double[] Reference(float[] map, int width, int height, double sigma)
    {
        int radius = Math.Max(1, (int)Math.Ceiling(3 * sigma));
        double[] kernel = new double[(2 * radius) + 1];
        for (int i = -radius; i <= radius; i++)
        {
            kernel[i + radius] = Math.Exp(-(i * i) / (2 * sigma * sigma));
        }

        double sum = kernel.Sum();
        double[] rows = new double[map.Length];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                double acc = 0;
                for (int k = -radius; k <= radius; k++)
                {
                    acc += kernel[k + radius] / sum * map[(y * width) + Math.Clamp(x + k, 0, width - 1)];
                }

                rows[(y * width) + x] = acc;
            }
        }

        double[] result = new double[map.Length];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                double acc = 0;
                for (int k = -radius; k <= radius; k++)
                {
                    acc += kernel[k + radius] / sum * rows[(Math.Clamp(y + k, 0, height - 1) * width) + x];
                }

                result[(y * width) + x] = acc;
            }
        }

        return result;
    }

    [Theory]
    [InlineData(224, 224, 4.0)]
    [InlineData(37, 5, 1.5)]
    [InlineData(3, 40, 2.0)]
    [InlineData(1, 1, 0.7)]
    [InlineData(16, 9, 20.0)]
    public void The_vectorised_blur_matches_the_scalar_definition(int width, int height, double sigma)
    {
        var random = new Random(width + (31 * height));
        float[] map = new float[width * height];
        for (int i = 0; i < map.Length; i++)
        {
            map[i] = (float)(random.NextDouble() * 3);
        }

        double[] expected = Reference(map, width, height, sigma);
        GaussianBlur.Apply(map, width, height, sigma);

        for (int i = 0; i < map.Length; i++)
        {
            Assert.True(Math.Abs(map[i] - expected[i]) < 1e-5, $"pixel {i}: {map[i]} vs {expected[i]}");
        }
    }

    [Fact]
    public void A_non_positive_sigma_leaves_the_map_unchanged()
    {
        float[] map = [1, 2, 3, 4];

        GaussianBlur.Apply(map, 2, 2, 0);

        Assert.Equal([1f, 2f, 3f, 4f], map);
    }

    [Fact]
    public void A_buffer_smaller_than_the_map_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => GaussianBlur.Apply(new float[5], 2, 3, 1));
    }
}
