namespace Customizable.Vlm.Evaluation.Datasets;

/// <summary>One category of a dataset: the normal training images (the pool references are drawn from) and the test items.</summary>
/// <remarks>Immutable and thread-safe. Made by <see cref="DatasetReader"/>, or by hand for custom data.</remarks>
public sealed class EvaluationDataset
{
    /// <summary>Initializes a new dataset.</summary>
    /// <param name="root">The folder the items' relative paths start from.</param>
    /// <param name="category">The category (object type), e.g. <c>tire</c>.</param>
    /// <param name="layout">The layout it was read from.</param>
    /// <param name="train">The normal training images; at least one, all normal.</param>
    /// <param name="test">The test items; at least one.</param>
    /// <param name="hasMasks">Whether every anomalous test item has ground-truth masks (pixel metrics are computed only then).</param>
    /// <exception cref="ArgumentException">A split is empty, a training item is anomalous, or <paramref name="hasMasks"/> is true while an
    /// anomalous test item has no mask.</exception>
    public EvaluationDataset(string root, string category, DatasetLayout layout, IReadOnlyList<DatasetItem> train, IReadOnlyList<DatasetItem> test, bool hasMasks)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        ArgumentException.ThrowIfNullOrWhiteSpace(category);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        if (train.Count == 0)
        {
            throw new ArgumentException("The training split is empty.", nameof(train));
        }

        if (test.Count == 0)
        {
            throw new ArgumentException("The test split is empty.", nameof(test));
        }

        if (train.FirstOrDefault(i => i.IsAnomalous) is { } anomalous)
        {
            throw new ArgumentException($"Training item '{anomalous.RelativePath}' is anomalous; references must be normal.", nameof(train));
        }

        if (hasMasks && test.FirstOrDefault(i => i.IsAnomalous && i.MaskPaths.Count == 0) is { } unmasked)
        {
            throw new ArgumentException($"Test item '{unmasked.RelativePath}' is anomalous but has no mask.", nameof(test));
        }

        Root = root;
        Category = category;
        Layout = layout;
        Train = train;
        Test = test;
        HasMasks = hasMasks;
    }

    /// <summary>Gets the folder the items' relative paths start from.</summary>
    public string Root { get; }

    /// <summary>Gets the category (object type).</summary>
    public string Category { get; }

    /// <summary>Gets the layout the dataset was read from.</summary>
    public DatasetLayout Layout { get; }

    /// <summary>Gets the normal training images, in ordinal order of their relative paths.</summary>
    public IReadOnlyList<DatasetItem> Train { get; }

    /// <summary>Gets the test items, grouped by defect type in ordinal order (UCSD frames: by clip, then frame order).</summary>
    public IReadOnlyList<DatasetItem> Test { get; }

    /// <summary>Gets whether anomalous test items have ground-truth masks (normal items without a mask count as all-normal pixels).</summary>
    public bool HasMasks { get; }

    /// <summary>Gets the number of normal test items.</summary>
    public int NormalCount => Test.Count(i => !i.IsAnomalous);

    /// <summary>Gets the number of anomalous test items.</summary>
    public int AnomalousCount => Test.Count(i => i.IsAnomalous);

    /// <summary>Returns a copy with another test split (for example a subset for a quick run).</summary>
    /// <param name="test">The test items; at least one.</param>
    /// <returns>The copy.</returns>
    public EvaluationDataset WithTest(IEnumerable<DatasetItem> test)
    {
        ArgumentNullException.ThrowIfNull(test);
        return new EvaluationDataset(Root, Category, Layout, Train, [.. test], HasMasks);
    }
}
