using System.Numerics;

namespace Customizable.Vlm.Benchmarks.PointClouds;

/// <summary>
/// The baseline: a straightforward z-buffer splat renderer as one would first write it. Per view it allocates fresh buffers,
/// transforms every point with a full 4x4 matrix, splats a fixed-size square (the cloud's mean spacing) and shades from the
/// normal; no pooling, no per-point density, no precomputed normalisation.
/// </summary>
internal static class NaiveSplatRenderer
{
    public static int Render(Vector3[] points, Vector3[] normals, Matrix4x4[] views, int size, float halfSize)
    {
        int covered = 0;
        foreach (Matrix4x4 view in views)
        {
            float[] depth = new float[size * size];
            int[] index = new int[size * size];
            for (int p = 0; p < depth.Length; p++)
            {
                depth[p] = float.PositiveInfinity;
                index[p] = -1;
            }

            for (int i = 0; i < points.Length; i++)
            {
                Vector4 h = Vector4.Transform(new Vector4(points[i], 1), view);
                float x = h.X / h.W, y = h.Y / h.W, z = h.Z / h.W;
                for (int yy = (int)Math.Floor(y - halfSize); yy <= (int)Math.Floor(y + halfSize); yy++)
                {
                    for (int xx = (int)Math.Floor(x - halfSize); xx <= (int)Math.Floor(x + halfSize); xx++)
                    {
                        if (xx >= 0 && yy >= 0 && xx < size && yy < size && z < depth[(yy * size) + xx])
                        {
                            depth[(yy * size) + xx] = z;
                            index[(yy * size) + xx] = i;
                        }
                    }
                }
            }

            byte[] rgb = new byte[size * size * 3];
            Vector3 toward = Vector3.Normalize(new Vector3(view.M13, view.M23, view.M33));
            for (int p = 0; p < index.Length; p++)
            {
                if (index[p] >= 0)
                {
                    byte s = (byte)(255 * (0.2f + (0.8f * MathF.Abs(Vector3.Dot(Vector3.Normalize(normals[index[p]]), toward)))));
                    rgb[p * 3] = s;
                    rgb[(p * 3) + 1] = (byte)Math.Clamp(128 - (depth[p] * 127), 0, 255);
                    rgb[(p * 3) + 2] = s;
                    covered++;
                }
            }
        }

        return covered;
    }
}
