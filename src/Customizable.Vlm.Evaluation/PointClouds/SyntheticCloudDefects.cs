using System.Numerics;
using Customizable.Vlm.PointClouds;

namespace Customizable.Vlm.Evaluation.PointClouds;

/// <summary>
/// Makes labelled test clouds from one real scan, the way synthetic point-cloud anomaly benchmarks (Anomaly-ShapeNet, Real3D-AD)
/// are built: dents and bumps (a patch displaced along its normal), holes (a patch removed, its rim labelled), cuts (a thin slab
/// removed), debris (a small added cluster). Every variant, normal or defective, also gets scanner-like variation: a random
/// fraction of the points dropped (resampling), Gaussian noise, and a small rotation and translation.
/// </summary>
/// <remarks>
/// <para>Deterministic: the same source, options and seed give the same cloud on every runtime (a fixed SplitMix64 generator).
/// Lengths scale with the source's bounding-box diagonal. Labels follow the points through the variation, in output point order.</para>
/// <para>Thread-safe: the generator keeps the source (not copied; do not change it) and a copy of the options; calls do not share state.</para>
/// </remarks>
public sealed class SyntheticCloudDefects
{
    private readonly Vector3[] _source;
    private readonly SyntheticCloudDefectOptions _options;
    private readonly Vector3 _centroid;

    /// <summary>Initializes a new generator over a source cloud.</summary>
    /// <param name="source">The normal scan's points (finite; at least 100), in any units.</param>
    /// <param name="options">Defect and variation sizes; null for the defaults.</param>
    /// <exception cref="ArgumentException">The source has fewer than 100 points, a non-finite point or no extent.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public SyntheticCloudDefects(Vector3[] source, SyntheticCloudDefectOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Length < 100)
        {
            throw new ArgumentException($"The source cloud has {source.Length} points; at least 100 are needed.", nameof(source));
        }

        Vector3 min = new(float.PositiveInfinity), max = new(float.NegativeInfinity), sum = Vector3.Zero;
        foreach (Vector3 p in source)
        {
            if (!float.IsFinite(p.X) || !float.IsFinite(p.Y) || !float.IsFinite(p.Z))
            {
                throw new ArgumentException("The source cloud has a non-finite point.", nameof(source));
            }

            min = Vector3.Min(min, p);
            max = Vector3.Max(max, p);
            sum += p;
        }

        Scale = Vector3.Distance(min, max);
        if (!(Scale > 0))
        {
            throw new ArgumentException("The source cloud has no extent (all points coincide).", nameof(source));
        }

        _source = source;
        _centroid = sum / source.Length;
        _options = Clone(options ?? new SyntheticCloudDefectOptions());
        _options.Validate();
    }

    /// <summary>Gets the source's scale: the diagonal of its axis-aligned bounding box, in its units.</summary>
    public double Scale { get; }

    /// <summary>Makes a normal variant: the source with points dropped, noise and a small pose change; every label is false.</summary>
    /// <param name="seed">The seed; the same seed gives the same cloud.</param>
    /// <returns>The variant.</returns>
    public SyntheticCloud Normal(int seed)
    {
        var random = new SplitMix64(seed);
        return Vary([.. _source], new bool[_source.Length], null, ref random);
    }

    /// <summary>Makes a defective variant: the defect applied to the source at a random place, then the scanner-like variation.</summary>
    /// <param name="kind">The defect.</param>
    /// <param name="seed">The seed; the same kind and seed give the same cloud.</param>
    /// <returns>The variant, with at least one anomalous point.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not defined.</exception>
    public SyntheticCloud Defective(CloudDefectKind kind, int seed)
    {
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown defect kind.");
        }

        var random = new SplitMix64(unchecked((seed * 31) + (int)kind + 1));
        for (int attempt = 0; ; attempt++)
        {
            Vector3 centre = _source[random.NextBelow(_source.Length)];
            (List<Vector3> points, List<bool> labels) = Apply(kind, centre, ref random);
            int anomalous = labels.Count(l => l);
            if (anomalous >= Math.Min(20, _source.Length / 100) || attempt >= 20)
            {
                return Vary([.. points], [.. labels], kind, ref random);
            }
        }
    }

    private (List<Vector3> Points, List<bool> Labels) Apply(CloudDefectKind kind, Vector3 centre, ref SplitMix64 random)
    {
        float scale = (float)Scale;
        float radius = (float)_options.PatchRadius * scale;
        float rim = (float)_options.RimWidth * scale;
        Vector3 normal = PatchNormal(centre, radius);
        var points = new List<Vector3>(_source.Length + 64);
        var labels = new List<bool>(_source.Length + 64);
        switch (kind)
        {
            case CloudDefectKind.Dent or CloudDefectKind.Bump:
            {
                float depth = (float)_options.Depth * scale * (kind == CloudDefectKind.Dent ? -1 : 1);
                foreach (Vector3 p in _source)
                {
                    float d = Vector3.Distance(p, centre) / radius;
                    bool inside = d < 1;
                    points.Add(inside ? p + (normal * (depth * (1 - (d * d)))) : p);
                    labels.Add(inside && d < 0.95f);
                }

                break;
            }

            case CloudDefectKind.Hole:
                foreach (Vector3 p in _source)
                {
                    float d = Vector3.Distance(p, centre);
                    if (d >= radius)
                    {
                        points.Add(p);
                        labels.Add(d < radius + rim);
                    }
                }

                break;

            case CloudDefectKind.Cut:
            {
                // The slab's plane contains the surface normal and a random tangent direction; the cut runs along that tangent.
                Vector3 tangent = Vector3.Normalize(Vector3.Cross(normal, RandomUnit(ref random)));
                Vector3 across = Vector3.Normalize(Vector3.Cross(normal, tangent));
                float half = (float)_options.CutWidth * scale / 2;
                foreach (Vector3 p in _source)
                {
                    Vector3 r = p - centre;
                    float along = MathF.Abs(Vector3.Dot(r, tangent)), off = MathF.Abs(Vector3.Dot(r, across));
                    bool onCut = along < radius && Vector3.Distance(p, centre) < radius * 1.5f;
                    if (onCut && off < half)
                    {
                        continue;
                    }

                    points.Add(p);
                    labels.Add(onCut && off < half + rim);
                }

                break;
            }

            case CloudDefectKind.Debris:
            {
                points.AddRange(_source);
                labels.AddRange(new bool[_source.Length]);
                float clusterRadius = (float)_options.DebrisRadius * scale;
                Vector3 at = centre + (normal * clusterRadius * 1.2f);
                int count = Math.Clamp(_source.Length / 200, 30, 2000);
                for (int i = 0; i < count; i++)
                {
                    points.Add(at + (RandomUnit(ref random) * (clusterRadius * MathF.Cbrt((float)NextDouble(ref random)))));
                    labels.Add(true);
                }

                break;
            }
        }

        return (points, labels);
    }

    /// <summary>The normal of the plane fitted to the points within <paramref name="radius"/> of the centre, pointing away from the
    /// cloud's centroid.</summary>
    private Vector3 PatchNormal(Vector3 centre, float radius)
    {
        Vector3 mean = Vector3.Zero;
        int count = 0;
        foreach (Vector3 p in _source)
        {
            if (Vector3.DistanceSquared(p, centre) < radius * radius)
            {
                mean += p;
                count++;
            }
        }

        Vector3 outward = centre - _centroid;
        outward = outward.LengthSquared() > 0 ? Vector3.Normalize(outward) : Vector3.UnitZ;
        if (count < 3)
        {
            return outward;
        }

        mean /= count;
        float a00 = 0, a01 = 0, a02 = 0, a11 = 0, a12 = 0, a22 = 0;
        foreach (Vector3 p in _source)
        {
            if (Vector3.DistanceSquared(p, centre) < radius * radius)
            {
                Vector3 d = p - mean;
                a00 += d.X * d.X;
                a01 += d.X * d.Y;
                a02 += d.X * d.Z;
                a11 += d.Y * d.Y;
                a12 += d.Y * d.Z;
                a22 += d.Z * d.Z;
            }
        }

        Vector3 normal = NormalEstimator.SmallestEigenvector(a00, a01, a02, a11, a12, a22);
        if (!(normal.LengthSquared() > 0) || !float.IsFinite(normal.X))
        {
            return outward;
        }

        normal = Vector3.Normalize(normal);
        return Vector3.Dot(normal, outward) < 0 ? -normal : normal;
    }

    /// <summary>Drops a random fraction of the points, adds Gaussian noise and applies a small rotation about the centroid and a
    /// translation, keeping each point's label.</summary>
    private SyntheticCloud Vary(Vector3[] points, bool[] labels, CloudDefectKind? kind, ref SplitMix64 random)
    {
        float scale = (float)Scale;
        float sigma = (float)_options.Noise * scale;
        Vector3 axis = RandomUnit(ref random);
        float angle = (float)((NextDouble(ref random) * 2) - 1) * (float)(_options.MaxRotationDegrees * Math.PI / 180);
        Quaternion rotation = Quaternion.CreateFromAxisAngle(axis, angle);
        Vector3 shift = RandomUnit(ref random) * (float)(NextDouble(ref random) * _options.MaxTranslation * scale);
        var kept = new List<Vector3>(points.Length);
        var keptLabels = new List<bool>(points.Length);
        for (int i = 0; i < points.Length; i++)
        {
            if (NextDouble(ref random) < _options.DropFraction)
            {
                continue;
            }

            Vector3 noise = sigma > 0 ? new Vector3(Gaussian(ref random), Gaussian(ref random), Gaussian(ref random)) * sigma : Vector3.Zero;
            kept.Add(Vector3.Transform(points[i] + noise - _centroid, rotation) + _centroid + shift);
            keptLabels.Add(labels[i]);
        }

        if (kind is not null && !keptLabels.Contains(true))
        {
            // Every anomalous point was dropped (a tiny defect): keep the labelled points after all.
            return Vary(points, labels, kind, ref random);
        }

        return new SyntheticCloud([.. kept], [.. keptLabels], kind);
    }

    private static double NextDouble(ref SplitMix64 random) => (random.Next() >> 11) * (1.0 / (1UL << 53));

    private static float Gaussian(ref SplitMix64 random)
    {
        double u = 1 - NextDouble(ref random), v = NextDouble(ref random);
        return (float)(Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v));
    }

    private static Vector3 RandomUnit(ref SplitMix64 random)
    {
        double z = (NextDouble(ref random) * 2) - 1, phi = NextDouble(ref random) * 2 * Math.PI, r = Math.Sqrt(1 - (z * z));
        return new Vector3((float)(r * Math.Cos(phi)), (float)(r * Math.Sin(phi)), (float)z);
    }

    private static SyntheticCloudDefectOptions Clone(SyntheticCloudDefectOptions o) => new()
    {
        PatchRadius = o.PatchRadius,
        Depth = o.Depth,
        CutWidth = o.CutWidth,
        DebrisRadius = o.DebrisRadius,
        RimWidth = o.RimWidth,
        Noise = o.Noise,
        DropFraction = o.DropFraction,
        MaxRotationDegrees = o.MaxRotationDegrees,
        MaxTranslation = o.MaxTranslation,
    };
}
