using Customizable.Vlm.Anomaly;

namespace Customizable.Vlm.Onnx.Tests;

public class PatchFeatureAssemblerTests
{
    private static FeatureMap RandomMap(string name, int batch, int channels, int size, int seed)
    {
        var random = new Random(seed);
        float[] data = [.. Enumerable.Range(0, batch * channels * size * size).Select(_ => (float)(random.NextDouble() * 4))];
        return new FeatureMap(name, batch, channels, size, size, data);
    }

    /// <summary>The definition, one channel plane at a time: clipped k x k mean, bilinear resampling to the grid, concatenation
    /// into patch-major rows, then division by each row's length (or, per layer, of each map's block by its length times
    /// sqrt(maps)).</summary>
    private static double[] Reference(FeatureMaps maps, int sample, int grid, int kernel, bool normalize, bool perLayer = false)
    {
        int dims = maps.Maps.Sum(m => m.Channels);
        double[] result = new double[grid * grid * dims];
        int offset = 0;
        foreach (FeatureMap map in maps.Maps)
        {
            float[] data = map.GetSample(sample).ToArray();
            int w = map.Width, h = map.Height, r = kernel / 2;
            for (int c = 0; c < map.Channels; c++)
            {
                float[] averaged = new float[w * h];
                for (int y = 0; y < h; y++)
                {
                    for (int x = 0; x < w; x++)
                    {
                        double sum = 0;
                        int n = 0;
                        for (int yy = Math.Max(0, y - r); yy <= Math.Min(h - 1, y + r); yy++)
                        {
                            for (int xx = Math.Max(0, x - r); xx <= Math.Min(w - 1, x + r); xx++)
                            {
                                sum += data[(c * w * h) + (yy * w) + xx];
                                n++;
                            }
                        }

                        averaged[(y * w) + x] = (float)(sum / n);
                    }
                }

                float[] onGrid = new float[grid * grid];
                MapResampler.Resample(averaged, w, h, onGrid, grid, grid, (double)w / grid, (double)h / grid);
                for (int p = 0; p < grid * grid; p++)
                {
                    result[(p * dims) + offset + c] = onGrid[p];
                }
            }

            offset += map.Channels;
        }

        if (normalize && perLayer)
        {
            for (int p = 0; p < grid * grid; p++)
            {
                int start = p * dims;
                foreach (FeatureMap map in maps.Maps)
                {
                    double norm = Math.Sqrt(Enumerable.Range(start, map.Channels).Sum(d => result[d] * result[d])) * Math.Sqrt(maps.Maps.Count);
                    for (int d = start; d < start + map.Channels; d++)
                    {
                        result[d] /= norm;
                    }

                    start += map.Channels;
                }
            }

            return result;
        }

        if (normalize)
        {
            for (int p = 0; p < grid * grid; p++)
            {
                double norm = Math.Sqrt(Enumerable.Range(0, dims).Sum(d => result[(p * dims) + d] * result[(p * dims) + d]));
                for (int d = 0; d < dims; d++)
                {
                    result[(p * dims) + d] /= norm;
                }
            }
        }

        return result;
    }

    [Theory]
    [InlineData(3, true, false)]
    [InlineData(3, true, true)]
    [InlineData(3, false, false)]
    [InlineData(3, false, true)] // per layer without normalisation leaves the values raw
    [InlineData(1, true, true)]
    [InlineData(5, false, false)]
    public void The_assembled_patches_match_the_per_channel_definition(int kernel, bool normalize, bool perLayer)
    {
        var maps = new FeatureMaps(2, [RandomMap("fine", 2, 8, 12, 1), RandomMap("coarse", 2, 16, 6, 2)]);
        const int grid = 12, dims = 24;
        float[] patches = new float[grid * grid * dims];

        PatchFeatureAssembler.Assemble(maps, 1, grid, grid, kernel, normalize, perLayer, patches);

        double[] expected = Reference(maps, 1, grid, kernel, normalize, perLayer);
        for (int i = 0; i < patches.Length; i++)
        {
            Assert.True(Math.Abs(patches[i] - expected[i]) < 1e-5 * Math.Max(1, Math.Abs(expected[i])), $"value {i}: {patches[i]} vs {expected[i]}");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_resnet18_shapes_assemble_like_the_definition(bool perLayer)
    {
        var maps = new FeatureMaps(1, [RandomMap("layer2", 1, 128, 28, 3), RandomMap("layer3", 1, 256, 14, 4)]);
        float[] patches = new float[28 * 28 * 384];

        PatchFeatureAssembler.Assemble(maps, 0, 28, 28, 3, true, perLayer, patches);

        double[] expected = Reference(maps, 0, 28, 3, true, perLayer);
        for (int i = 0; i < patches.Length; i++)
        {
            Assert.True(Math.Abs(patches[i] - expected[i]) < 1e-5, $"value {i}: {patches[i]} vs {expected[i]}");
        }
    }

    [Fact]
    public void Per_layer_normalisation_gives_every_layer_the_same_weight_and_the_patch_unit_length()
    {
        // layer3-like values ten times layer2's: a whole-feature norm leaves layer2 a tiny share, per layer each gets half.
        var maps = new FeatureMaps(1, [RandomMap("layer2", 1, 128, 8, 5), Scaled(RandomMap("layer3", 1, 256, 4, 6), 10)]);
        float[] whole = new float[8 * 8 * 384], perLayer = new float[8 * 8 * 384];

        PatchFeatureAssembler.Assemble(maps, 0, 8, 8, 3, true, false, whole);
        PatchFeatureAssembler.Assemble(maps, 0, 8, 8, 3, true, true, perLayer);

        for (int p = 0; p < 64; p++)
        {
            double SquaredLength(float[] f, int from, int count) => f.AsSpan((p * 384) + from, count).ToArray().Sum(v => (double)v * v);
            Assert.Equal(0.5, SquaredLength(perLayer, 0, 128), 4);
            Assert.Equal(0.5, SquaredLength(perLayer, 128, 256), 4);
            Assert.Equal(1.0, SquaredLength(whole, 0, 384), 4);
            Assert.True(SquaredLength(whole, 0, 128) < 0.05, $"patch {p}: layer2's share of the whole norm is {SquaredLength(whole, 0, 128)}");
        }
    }

    private static FeatureMap Scaled(FeatureMap map, float factor)
    {
        float[] data = [.. map.GetSample(0).ToArray().Select(v => v * factor)];
        return new FeatureMap(map.Name, 1, map.Channels, map.Width, map.Height, data);
    }
}
