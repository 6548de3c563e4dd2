using System.Globalization;
using System.Numerics;
using System.Text;

namespace Customizable.Vlm.Evaluation.PointClouds;

/// <summary>Writes x, y, z points as a PCD 0.7 file (<c>DATA ascii</c>, one point per line, shortest round-trip floats) and the
/// Anomaly-ShapeNet ground-truth text (<c>x,y,z,label</c> per line).</summary>
internal static class PcdWriter
{
    public static void WriteAscii(string path, ReadOnlySpan<Vector3> points)
    {
        var text = new StringBuilder(64 + (points.Length * 32));
        text.Append("# .PCD v0.7 - Point Cloud Data file format\n")
            .Append("VERSION 0.7\nFIELDS x y z\nSIZE 4 4 4\nTYPE F F F\nCOUNT 1 1 1\n")
            .Append(CultureInfo.InvariantCulture, $"WIDTH {points.Length}\nHEIGHT 1\nVIEWPOINT 0 0 0 1 0 0 0\nPOINTS {points.Length}\nDATA ascii\n");
        foreach (Vector3 p in points)
        {
            text.Append(CultureInfo.InvariantCulture, $"{p.X:R} {p.Y:R} {p.Z:R}\n");
        }

        File.WriteAllText(path, text.ToString(), new UTF8Encoding(false));
    }

    public static void WriteLabels(string path, ReadOnlySpan<Vector3> points, ReadOnlySpan<bool> labels)
    {
        var text = new StringBuilder(points.Length * 34);
        for (int i = 0; i < points.Length; i++)
        {
            Vector3 p = points[i];
            text.Append(CultureInfo.InvariantCulture, $"{p.X:R},{p.Y:R},{p.Z:R},{(labels[i] ? 1 : 0)}\n");
        }

        File.WriteAllText(path, text.ToString(), new UTF8Encoding(false));
    }
}
