namespace Customizable.Vlm.Onnx;

/// <summary>One feature tensor of a batch, laid out as dense NCHW floats.</summary>
internal sealed class FeatureMap
{
    /// <summary>Creates a feature map over existing data.</summary>
    /// <param name="name">The graph value the map was read from.</param>
    /// <param name="batchSize">N, the number of images.</param>
    /// <param name="channels">C, the number of channels.</param>
    /// <param name="height">H, the number of rows.</param>
    /// <param name="width">W, the number of columns.</param>
    /// <param name="data">N*C*H*W floats in NCHW order.</param>
    public FeatureMap(string name, int batchSize, int channels, int height, int width, Memory<float> data)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        if ((long)batchSize * channels * height * width != data.Length)
        {
            throw new ArgumentException($"Expected {(long)batchSize * channels * height * width} floats for [{batchSize},{channels},{height},{width}], got {data.Length}.", nameof(data));
        }

        Name = name;
        BatchSize = batchSize;
        Channels = channels;
        Height = height;
        Width = width;
        Data = data;
    }

    /// <summary>Gets the name of the graph value the map was read from.</summary>
    public string Name { get; }

    /// <summary>Gets N, the number of images.</summary>
    public int BatchSize { get; }

    /// <summary>Gets C, the number of channels.</summary>
    public int Channels { get; }

    /// <summary>Gets H, the number of rows.</summary>
    public int Height { get; }

    /// <summary>Gets W, the number of columns.</summary>
    public int Width { get; }

    /// <summary>Gets the number of floats of one image (C*H*W).</summary>
    public int SampleLength => Channels * Height * Width;

    /// <summary>Gets all N*C*H*W floats in NCHW order.</summary>
    public Memory<float> Data { get; }

    /// <summary>Gets the C*H*W floats of one image.</summary>
    /// <param name="index">The image index in the batch.</param>
    /// <returns>A slice of <see cref="Data"/>.</returns>
    public Memory<float> GetSample(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, BatchSize);
        return Data.Slice(index * SampleLength, SampleLength);
    }
}
