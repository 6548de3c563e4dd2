using System.Numerics;

namespace Customizable.Vlm.Evaluation.Tests.Support;

/// <summary>The surface of a 2 x 1.2 x 0.6 box sampled on a regular grid: a small stand-in for a real scan.</summary>
internal static class ScannedBox
{
    public static Vector3[] Make(float spacing = 0.05f)
    {
        var points = new List<Vector3>();
        void Face(Vector3 origin, Vector3 a, Vector3 b, float la, float lb)
        {
            int na = (int)(la / spacing), nb = (int)(lb / spacing);
            for (int i = 0; i <= na; i++)
            {
                for (int j = 0; j <= nb; j++)
                {
                    points.Add(origin + (a * (la * i / na)) + (b * (lb * j / nb)));
                }
            }
        }

        Face(new(-1, -0.6f, 0.3f), Vector3.UnitX, Vector3.UnitY, 2, 1.2f);
        Face(new(-1, -0.6f, -0.3f), Vector3.UnitX, Vector3.UnitY, 2, 1.2f);
        Face(new(-1, -0.6f, -0.3f), Vector3.UnitX, Vector3.UnitZ, 2, 0.6f);
        Face(new(-1, 0.6f, -0.3f), Vector3.UnitX, Vector3.UnitZ, 2, 0.6f);
        Face(new(-1, -0.6f, -0.3f), Vector3.UnitY, Vector3.UnitZ, 1.2f, 0.6f);
        Face(new(1, -0.6f, -0.3f), Vector3.UnitY, Vector3.UnitZ, 1.2f, 0.6f);
        return [.. points];
    }
}
