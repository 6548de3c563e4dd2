using System.Numerics;

namespace Customizable.Vlm.Onnx.Tests.PointClouds;

/// <summary>Scanned-looking surfaces of a 2 x 1.2 x 0.6 block (jittered per seed), optionally with a dent or a hole in the top face.</summary>
internal static class MachinedBlocks
{
    public const float Spacing = 0.015f;

    public static (Vector3[] Points, HashSet<int> Defect) Make(int seed, Vector2? dent = null, float radius = 0.3f, float depth = 0.15f, bool hole = false)
    {
        var random = new Random(seed);
        var points = new List<Vector3>();
        var defect = new HashSet<int>();
        float Jitter() => (float)(random.NextDouble() - 0.5) * Spacing * 0.3f;
        void Face(Vector3 origin, Vector3 a, Vector3 b, float la, float lb, bool top)
        {
            int na = (int)(la / Spacing), nb = (int)(lb / Spacing);
            for (int i = 0; i <= na; i++)
            {
                for (int j = 0; j <= nb; j++)
                {
                    Vector3 p = origin + (a * (la * i / na)) + (b * (lb * j / nb)) + new Vector3(Jitter(), Jitter(), Jitter());
                    if (top && dent is { } c && Vector2.Distance(new Vector2(p.X, p.Y), c) is float d && d < radius)
                    {
                        if (hole)
                        {
                            continue;
                        }

                        p.Z -= depth * (1 - (d / radius * (d / radius)));
                        defect.Add(points.Count);
                    }

                    points.Add(p);
                }
            }
        }

        Face(new(-1, -0.6f, 0.3f), Vector3.UnitX, Vector3.UnitY, 2, 1.2f, true);
        Face(new(-1, -0.6f, -0.3f), Vector3.UnitX, Vector3.UnitY, 2, 1.2f, false);
        Face(new(-1, -0.6f, -0.3f), Vector3.UnitX, Vector3.UnitZ, 2, 0.6f, false);
        Face(new(-1, 0.6f, -0.3f), Vector3.UnitX, Vector3.UnitZ, 2, 0.6f, false);
        Face(new(-1, -0.6f, -0.3f), Vector3.UnitY, Vector3.UnitZ, 1.2f, 0.6f, false);
        Face(new(1, -0.6f, -0.3f), Vector3.UnitY, Vector3.UnitZ, 1.2f, 0.6f, false);
        return ([.. points], defect);
    }
}
