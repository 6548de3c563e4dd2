using System.Numerics.Tensors;
using Customizable.Vlm.Anomaly;

namespace Customizable.Vlm.Benchmarks.Customization;

/// <summary>How well a selection covers a feature set: the largest and the mean distance (full feature space) from a feature to its
/// nearest selected feature, over at most 5,000 evenly spaced features.</summary>
internal static class CoresetCoverage
{
    public static (double Max, double Mean) Measure(float[] features, int count, int dimensions, int[] selected)
    {
        float[] bank = new float[(long)selected.Length * dimensions];
        for (int i = 0; i < selected.Length; i++)
        {
            features.AsSpan(selected[i] * dimensions, dimensions).CopyTo(bank.AsSpan(i * dimensions, dimensions));
        }

        PatchMemoryBank memory = PatchMemoryBank.Create(bank, selected.Length, dimensions);
        int samples = Math.Min(count, 5_000);
        float[] queries = new float[(long)samples * dimensions];
        for (int s = 0; s < samples; s++)
        {
            features.AsSpan((int)((long)s * count / samples) * dimensions, dimensions).CopyTo(queries.AsSpan(s * dimensions, dimensions));
        }

        float[] distances = new float[samples];
        memory.NearestSquaredDistances(queries, samples, distances, Environment.ProcessorCount);
        TensorPrimitives.Sqrt(distances, distances);
        return (TensorPrimitives.Max(distances), TensorPrimitives.Sum(distances) / samples);
    }

    public static void Print(string label, float[] features, int count, int dimensions, int[] selected)
    {
        (double max, double mean) = Measure(features, count, dimensions, selected);
        Console.WriteLine($"  coverage of the {label}: max nearest distance {max:0.0000}, mean {mean:0.0000} (full {dimensions}-dim features)");
    }
}
