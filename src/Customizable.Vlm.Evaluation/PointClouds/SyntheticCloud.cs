using System.Numerics;

namespace Customizable.Vlm.Evaluation.PointClouds;

/// <summary>A generated cloud with one label per point (true = anomalous), in point order.</summary>
/// <remarks>Immutable by contract (do not write the arrays); thread-safe to read.</remarks>
public sealed class SyntheticCloud
{
    /// <summary>Initializes a new cloud.</summary>
    /// <param name="points">The points, in the source cloud's units and frame.</param>
    /// <param name="labels">One label per point: true for an anomalous point.</param>
    /// <param name="defect">The defect applied, or null for a normal variant.</param>
    /// <exception cref="ArgumentException">The arrays differ in length or are empty.</exception>
    public SyntheticCloud(Vector3[] points, bool[] labels, CloudDefectKind? defect)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(labels);
        if (points.Length == 0 || points.Length != labels.Length)
        {
            throw new ArgumentException($"Expected one label per point and at least one point, got {points.Length} points and {labels.Length} labels.", nameof(labels));
        }

        Points = points;
        Labels = labels;
        Defect = defect;
    }

    /// <summary>Gets the points, in the source cloud's units and frame.</summary>
    public Vector3[] Points { get; }

    /// <summary>Gets one label per point (true = anomalous), in point order.</summary>
    public bool[] Labels { get; }

    /// <summary>Gets the defect applied, or null for a normal variant.</summary>
    public CloudDefectKind? Defect { get; }

    /// <summary>Gets the number of anomalous points.</summary>
    public int AnomalousCount => Labels.Count(l => l);

    /// <inheritdoc />
    public override string ToString() => $"{Points.Length} points, {(Defect is { } d ? $"{d}, {AnomalousCount} anomalous" : "normal")}";
}
