using System.Globalization;
using System.Numerics;

namespace Customizable.Vlm.Evaluation.PointClouds;

/// <summary>
/// Writes one category of an Anomaly-ShapeNet-layout set generated from a real scan with <see cref="SyntheticCloudDefects"/>:
/// <c>&lt;name&gt;/train/templateN.pcd</c> (normal variants), <c>&lt;name&gt;/test/positiveN.pcd</c> (normal variants) and
/// <c>&lt;name&gt;/test/&lt;kind&gt;N.pcd</c> (defective variants, e.g. <c>dent0.pcd</c>), with <c>&lt;name&gt;/GT/&lt;kind&gt;N.txt</c>
/// holding one <c>x,y,z,label</c> line per point in the cloud's point order (1 = anomalous). Clouds are ASCII PCD 0.7 (x y z).
/// </summary>
/// <remarks>Deterministic for a given source, options and seed. Stateless and thread-safe; writing the same folder from two
/// calls at once is not.</remarks>
public static class AnomalyShapeNetWriter
{
    /// <summary>Generates and writes one category.</summary>
    /// <param name="root">The dataset folder; the category folder is created in it (existing files of the same names are replaced).</param>
    /// <param name="name">The category name: a plain folder name.</param>
    /// <param name="source">The normal scan's points.</param>
    /// <param name="trainCount">How many normal training clouds to write (at least 1).</param>
    /// <param name="normalTestCount">How many normal test clouds to write.</param>
    /// <param name="perKindCount">How many defective test clouds to write for each of <paramref name="kinds"/>.</param>
    /// <param name="seed">The seed of the whole set.</param>
    /// <param name="kinds">The defect kinds; null for all of <see cref="CloudDefectKind"/>.</param>
    /// <param name="options">Defect and variation sizes; null for the defaults.</param>
    /// <returns>The category folder.</returns>
    /// <exception cref="ArgumentException">The name is not a plain folder name, or the source is unusable (see <see cref="SyntheticCloudDefects"/>).</exception>
    /// <exception cref="IOException">A file cannot be written.</exception>
    public static string Write(
        string root,
        string name,
        Vector3[] source,
        int trainCount,
        int normalTestCount,
        int perKindCount,
        int seed,
        IReadOnlyList<CloudDefectKind>? kinds = null,
        SyntheticCloudDefectOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name is "." or ".." || name.IndexOfAny(['/', '\\']) >= 0 || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
        {
            throw new ArgumentException($"The category name '{name}' must be a plain folder name.", nameof(name));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(trainCount, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(normalTestCount);
        ArgumentOutOfRangeException.ThrowIfNegative(perKindCount);
        var generator = new SyntheticCloudDefects(source, options);
        string category = Path.Combine(root, name);
        string train = Directory.CreateDirectory(Path.Combine(category, "train")).FullName;
        string test = Directory.CreateDirectory(Path.Combine(category, "test")).FullName;
        string gt = Directory.CreateDirectory(Path.Combine(category, "GT")).FullName;

        // Disjoint seed ranges per split, so adding clouds to one split leaves the others unchanged.
        for (int i = 0; i < trainCount; i++)
        {
            PcdWriter.WriteAscii(Path.Combine(train, Invariant($"template{i}.pcd")), generator.Normal(Mix(seed, 1, i)).Points);
        }

        for (int i = 0; i < normalTestCount; i++)
        {
            PcdWriter.WriteAscii(Path.Combine(test, Invariant($"positive{i}.pcd")), generator.Normal(Mix(seed, 2, i)).Points);
        }

        foreach (CloudDefectKind kind in kinds ?? Enum.GetValues<CloudDefectKind>())
        {
            string prefix = kind.ToString().ToLowerInvariant();
            for (int i = 0; i < perKindCount; i++)
            {
                SyntheticCloud cloud = generator.Defective(kind, Mix(seed, 3, i));
                PcdWriter.WriteAscii(Path.Combine(test, Invariant($"{prefix}{i}.pcd")), cloud.Points);
                PcdWriter.WriteLabels(Path.Combine(gt, Invariant($"{prefix}{i}.txt")), cloud.Points, cloud.Labels);
            }
        }

        return category;
    }

    private static int Mix(int seed, int split, int index) => unchecked((seed * 1_000_003) + (split * 100_003) + index);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
