namespace Customizable.Vlm.Onnx.Tests;

/// <summary>Loads the shipped model once per test class: the backbone, the raw bytes and deterministic inputs.</summary>
public sealed class ResNet18Fixture : IDisposable
{
    public ResNet18Fixture()
    {
        ModelPath = Path.Combine(AppContext.BaseDirectory, ResNet18Layers.RelativeModelPath);
        ModelBytes = File.ReadAllBytes(ModelPath);
        // At the 224 x 224 export size, the size RandomImages produces.
        var options = FeatureBackboneOptions.ResNet18(session: CpuOptions());
        (options.InputWidth, options.InputHeight) = (224, 224);
        Backbone = new FeatureBackbone(options);
    }

    public string ModelPath { get; }

    public byte[] ModelBytes { get; }

    internal FeatureBackbone Backbone { get; }

    public static OnnxSessionOptions CpuOptions() => new() { Provider = OnnxExecutionProvider.Cpu, IntraOpNumThreads = 2 };

    /// <summary>Centred BGR-like values, as a preprocessor would produce, reproducible from the seed.</summary>
    public static float[] RandomImages(int count, int seed)
    {
        var random = new Random(seed);
        var data = new float[count * 3 * 224 * 224];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (float)(random.NextDouble() * 255.0) - 115f;
        }

        return data;
    }

    public void Dispose() => Backbone.Dispose();
}
