using System.Numerics;

namespace Customizable.Vlm.PointClouds;

/// <summary>
/// Re-scan-like variants of a reference cloud (<see cref="PointCloudEncoderOptions.ReferenceVariants"/>): what two scans of the same
/// normal part differ by, so that customization sees that variation instead of the single scan only.
/// </summary>
/// <remarks>A re-scan differs from the reference by its own sampling, pose and noise on top of the reference's, so the
/// magnitudes are about those of two scans' differences: two independent 90 % samplings share 81 % of the points, two turns of up
/// to 3 degrees compose to up to about 4.2 (4.5 here), two jitters of 0.2 % to 0.28 % (0.3 % here). Variants at the single-scan
/// magnitudes (90 %, 3 degrees, 0.2 %) were measured too and left most normal test clouds flagged (docs/point-clouds.md).
/// Each variant keeps a random <see cref="KeepFraction"/> of the finite points (a different sampling of the surface),
/// rotates them by up to <see cref="MaxRotationDegrees"/> about a random axis through their centroid (pose noise) and adds Gaussian
/// jitter of <see cref="JitterFraction"/> times the cloud's radius (the largest distance from the centroid) to every coordinate.
/// Deterministic: variant <c>v</c> of a cloud of <c>n</c> points always draws from the same seed. Stateless and thread-safe.</remarks>
internal static class PointCloudVariants
{
    /// <summary>The share of the points a variant keeps.</summary>
    public const double KeepFraction = 0.8;

    /// <summary>The largest rotation of a variant, in degrees.</summary>
    public const double MaxRotationDegrees = 4.5;

    /// <summary>The standard deviation of the jitter per coordinate, as a fraction of the cloud's radius.</summary>
    public const double JitterFraction = 0.003;

    /// <summary>Makes variant <paramref name="variant"/> of a cloud.</summary>
    /// <param name="points">The cloud's points (non-finite ones are left out of every variant).</param>
    /// <param name="normals">One normal per point, or empty; a variant's normals are rotated with its points.</param>
    /// <param name="colors">Three bytes per point, or empty.</param>
    /// <param name="variant">The variant's number, from 0.</param>
    /// <returns>The variant's points, normals (null without <paramref name="normals"/>) and colours (null without <paramref name="colors"/>).</returns>
    public static (Vector3[] Points, Vector3[]? Normals, byte[]? Colors) Create(ReadOnlySpan<Vector3> points, ReadOnlySpan<Vector3> normals, ReadOnlySpan<byte> colors, int variant)
    {
        bool hasNormals = normals.Length == points.Length;
        bool hasColors = colors.Length >= points.Length * 3;
        var random = new Random(unchecked((variant * 7919) + points.Length));
        Vector3 centroid = Vector3.Zero;
        int finite = 0;
        foreach (Vector3 p in points)
        {
            if (IsFinite(p))
            {
                centroid += p;
                finite++;
            }
        }

        centroid = finite > 0 ? centroid / finite : Vector3.Zero;
        float radius = 0;
        foreach (Vector3 p in points)
        {
            if (IsFinite(p))
            {
                radius = MathF.Max(radius, Vector3.Distance(p, centroid));
            }
        }

        // A random axis (uniform on the sphere) and an angle in [-max, max].
        Vector3 axis = Vector3.Normalize(new Vector3(Gaussian(random), Gaussian(random), Gaussian(random)) + new Vector3(1e-9f, 0, 0));
        float angle = (float)(((random.NextDouble() * 2) - 1) * MaxRotationDegrees * Math.PI / 180);
        Quaternion rotation = Quaternion.CreateFromAxisAngle(axis, angle);
        float sigma = (float)(JitterFraction * radius);

        var kept = new List<int>((int)(points.Length * KeepFraction) + 16);
        for (int i = 0; i < points.Length; i++)
        {
            if (IsFinite(points[i]) && random.NextDouble() < KeepFraction)
            {
                kept.Add(i);
            }
        }

        if (kept.Count == 0)
        {
            // A cloud of very few points: keep them all rather than render nothing.
            for (int i = 0; i < points.Length; i++)
            {
                if (IsFinite(points[i]))
                {
                    kept.Add(i);
                }
            }
        }

        var outPoints = new Vector3[kept.Count];
        Vector3[]? outNormals = hasNormals ? new Vector3[kept.Count] : null;
        byte[]? outColors = hasColors ? new byte[kept.Count * 3] : null;
        for (int j = 0; j < kept.Count; j++)
        {
            int i = kept[j];
            Vector3 jitter = new(Gaussian(random) * sigma, Gaussian(random) * sigma, Gaussian(random) * sigma);
            outPoints[j] = Vector3.Transform(points[i] - centroid, rotation) + centroid + jitter;
            if (outNormals is not null)
            {
                outNormals[j] = Vector3.Transform(normals[i], rotation);
            }

            if (outColors is not null)
            {
                colors.Slice(i * 3, 3).CopyTo(outColors.AsSpan(j * 3, 3));
            }
        }

        return (outPoints, outNormals, outColors);
    }

    private static bool IsFinite(Vector3 p) => float.IsFinite(p.X) && float.IsFinite(p.Y) && float.IsFinite(p.Z);

    /// <summary>A standard normal draw (Box-Muller).</summary>
    private static float Gaussian(Random random)
    {
        double u = 1 - random.NextDouble();
        double v = random.NextDouble();
        return (float)(Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v));
    }
}
