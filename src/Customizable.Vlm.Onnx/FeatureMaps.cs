namespace Customizable.Vlm.Onnx;

/// <summary>The feature maps a <see cref="FeatureBackbone"/> produced for one batch, in the order they were requested.</summary>
internal sealed class FeatureMaps
{
    private readonly FeatureMap[] _maps;

    /// <summary>Creates the set.</summary>
    /// <param name="batchSize">N, shared by all maps.</param>
    /// <param name="maps">The maps, in request order.</param>
    public FeatureMaps(int batchSize, IReadOnlyList<FeatureMap> maps)
    {
        ArgumentNullException.ThrowIfNull(maps);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (maps.Any(m => m.BatchSize != batchSize))
        {
            throw new ArgumentException("All feature maps must have the batch size of the set.", nameof(maps));
        }

        BatchSize = batchSize;
        _maps = [.. maps];
    }

    /// <summary>Gets N, the number of images in the batch.</summary>
    public int BatchSize { get; }

    /// <summary>Gets the maps in request order.</summary>
    public IReadOnlyList<FeatureMap> Maps => _maps;

    /// <summary>Gets the number of maps.</summary>
    public int Count => _maps.Length;

    /// <summary>Gets a map by position.</summary>
    /// <param name="index">Position in request order.</param>
    public FeatureMap this[int index] => _maps[index];

    /// <summary>Gets a map by graph value name.</summary>
    /// <param name="name">The output name.</param>
    /// <exception cref="KeyNotFoundException">No map has that name.</exception>
    public FeatureMap this[string name] =>
        TryGet(name, out var map) ? map : throw new KeyNotFoundException($"No feature map named '{name}'. Available: {string.Join(", ", _maps.Select(m => m.Name))}.");

    /// <summary>Looks a map up by graph value name.</summary>
    /// <param name="name">The output name.</param>
    /// <param name="map">The map, when found.</param>
    /// <returns><see langword="true"/> when a map has that name.</returns>
    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out FeatureMap? map)
    {
        map = Array.Find(_maps, m => string.Equals(m.Name, name, StringComparison.Ordinal));
        return map is not null;
    }
}
