namespace Customizable.Vlm.Evaluation;

/// <summary>One test item's anomaly map and ground truth on the evaluation grid (see <see cref="EvaluationOptions.PixelResolution"/>).</summary>
/// <remarks>Immutable by contract: do not write the arrays.</remarks>
public sealed class PixelEvidence
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="width">The grid width in pixels.</param>
    /// <param name="height">The grid height in pixels.</param>
    /// <param name="scores">The calibrated anomaly map on the grid, row-major (0.5 is the reasoner's threshold).</param>
    /// <param name="groundTruth">The ground truth on the grid, row-major (true = anomalous), or null when the dataset has no masks.</param>
    /// <exception cref="ArgumentException">An array's length is not <c>width * height</c>.</exception>
    public PixelEvidence(int width, int height, float[] scores, bool[]? groundTruth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Length != width * height || (groundTruth is not null && groundTruth.Length != width * height))
        {
            throw new ArgumentException($"A {width}x{height} grid needs {width * height} values.", nameof(scores));
        }

        Width = width;
        Height = height;
        Scores = scores;
        GroundTruth = groundTruth;
    }

    /// <summary>Gets the grid width in pixels (the image's width scaled to the grid).</summary>
    public int Width { get; }

    /// <summary>Gets the grid height in pixels.</summary>
    public int Height { get; }

    /// <summary>Gets the calibrated anomaly map on the grid, row-major.</summary>
    public float[] Scores { get; }

    /// <summary>Gets the ground truth on the grid, row-major, or null when the dataset has no masks.</summary>
    public bool[]? GroundTruth { get; }
}
