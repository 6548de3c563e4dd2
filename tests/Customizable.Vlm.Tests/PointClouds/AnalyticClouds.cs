using System.Numerics;

namespace Customizable.Vlm.Tests.PointClouds;

/// <summary>Analytic clouds for the renderer tests: grid-scanned planes, spheres and a box with a dent.</summary>
internal static class AnalyticClouds
{
    /// <summary>A plane z = 0 over [-1, 1]^2 scanned as <paramref name="lines"/> lines of <paramref name="perLine"/> points.</summary>
    public static Vector3[] Plane(int lines, int perLine)
    {
        var points = new Vector3[lines * perLine];
        for (int l = 0; l < lines; l++)
        {
            for (int i = 0; i < perLine; i++)
            {
                points[(l * perLine) + i] = new Vector3((2f * i / (perLine - 1)) - 1, (2f * l / (lines - 1)) - 1, 0);
            }
        }

        return points;
    }

    /// <summary>Points on the unit sphere (Fibonacci lattice).</summary>
    public static Vector3[] Sphere(int count)
    {
        var points = new Vector3[count];
        float golden = MathF.PI * (3 - MathF.Sqrt(5));
        for (int i = 0; i < count; i++)
        {
            float y = 1 - (2 * (i + 0.5f) / count);
            float r = MathF.Sqrt(1 - (y * y));
            points[i] = new Vector3(MathF.Cos(golden * i) * r, y, MathF.Sin(golden * i) * r);
        }

        return points;
    }

    /// <summary>
    /// The surface of a 2 x 1.2 x 0.6 box sampled on a grid of about <paramref name="spacing"/>, jittered by <paramref name="seed"/>
    /// (0 = no jitter); with a dent (spherical cap pushed down on the top face around <paramref name="dentCentre"/>), whose points are listed.
    /// </summary>
    public static (Vector3[] Points, HashSet<int> Dent) Box(float spacing, int seed, Vector2? dentCentre = null, float dentRadius = 0.22f, float dentDepth = 0.12f)
    {
        var random = new Random(seed);
        var points = new List<Vector3>();
        var dent = new HashSet<int>();
        Vector3 half = new(1f, 0.6f, 0.3f);
        float Jitter() => seed == 0 ? 0 : (float)(random.NextDouble() - 0.5) * spacing * 0.2f;
        void Face(Vector3 origin, Vector3 a, Vector3 b, float la, float lb, bool top)
        {
            int na = (int)(la / spacing), nb = (int)(lb / spacing);
            for (int i = 0; i <= na; i++)
            {
                for (int j = 0; j <= nb; j++)
                {
                    Vector3 p = origin + (a * (la * i / na)) + (b * (lb * j / nb));
                    p += new Vector3(Jitter(), Jitter(), Jitter());
                    if (top && dentCentre is { } c)
                    {
                        float d = Vector2.Distance(new Vector2(p.X, p.Y), c);
                        if (d < dentRadius)
                        {
                            p.Z -= dentDepth * (1 - ((d / dentRadius) * (d / dentRadius)));
                            dent.Add(points.Count);
                        }
                    }

                    points.Add(p);
                }
            }
        }

        Face(new(-half.X, -half.Y, half.Z), Vector3.UnitX, Vector3.UnitY, 2 * half.X, 2 * half.Y, true);
        Face(new(-half.X, -half.Y, -half.Z), Vector3.UnitX, Vector3.UnitY, 2 * half.X, 2 * half.Y, false);
        Face(new(-half.X, -half.Y, -half.Z), Vector3.UnitX, Vector3.UnitZ, 2 * half.X, 2 * half.Z, false);
        Face(new(-half.X, half.Y, -half.Z), Vector3.UnitX, Vector3.UnitZ, 2 * half.X, 2 * half.Z, false);
        Face(new(-half.X, -half.Y, -half.Z), Vector3.UnitY, Vector3.UnitZ, 2 * half.Y, 2 * half.Z, false);
        Face(new(half.X, -half.Y, -half.Z), Vector3.UnitY, Vector3.UnitZ, 2 * half.Y, 2 * half.Z, false);
        return ([.. points], dent);
    }
}
