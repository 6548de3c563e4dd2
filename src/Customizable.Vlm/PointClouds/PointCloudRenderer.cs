using System.Buffers;
using System.Numerics;

namespace Customizable.Vlm.PointClouds;

/// <summary>Renders one view of a <see cref="PreparedCloud"/> with a z-buffer and square splats.</summary>
/// <remarks>Stateless and thread-safe: each call uses its own (pooled) depth buffer, so views render in parallel.</remarks>
internal static partial class PointCloudRenderer
{
    /// <summary>Distance of the perspective camera from the centre of the unit sphere, in normalised units.</summary>
    public const float CameraDistance = 3f;

    /// <summary>Fraction of the view the unit sphere spans.</summary>
    public const float Fill = 0.95f;

    public static EncodedView Render(PreparedCloud cloud, ViewCamera camera, PointCloudEncoderOptions options, Observation? source, int index)
    {
        int size = options.ViewSize;
        int pixels = size * size;
        int[] winners = new int[pixels];
        float[] depth = ArrayPool<float>.Shared.Rent(pixels);
        try
        {
            bool perspective = options.Projection == PointCloudProjection.Perspective;
            Splat(cloud, camera, size, perspective, options.MaxSplatRadius, depth, winners);
            byte[] rgb = Shade(cloud, camera, size, perspective, options.Channels, depth, winners);
            Matrix4x4 cloudToView = cloud.CloudToNormalised * ViewMatrix(camera, size, perspective);
            var provenance = new PointCloudViewProvenance(camera.Label, size, size, cloudToView, winners, cloud.Source);
            return new EncodedView(new RawFrame(size, size, PixelFormat.Rgb24, rgb), provenance, camera.Label, source, index);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(depth);
        }
    }

    /// <summary>The view matrix from the normalised frame to view pixels (x, y) and depth (see <see cref="PointCloudEncoder"/>).</summary>
    public static Matrix4x4 ViewMatrix(ViewCamera camera, int size, bool perspective)
    {
        float half = size * 0.5f;
        float k = half * Fill;
        Vector3 r = camera.Right, u = camera.Up, t = camera.Toward;
        if (!perspective)
        {
            // x' = half + k (r.p), y' = half - k (u.p), z' = -(t.p).
            return new Matrix4x4(
                k * r.X, -k * u.X, -t.X, 0,
                k * r.Y, -k * u.Y, -t.Y, 0,
                k * r.Z, -k * u.Z, -t.Z, 0,
                half, half, 0, 1);
        }

        // w = D - t.p; x' w = half w + f (r.p); y' w = half w - f (u.p); z' = 1 / w.
        float f = k * MathF.Sqrt((CameraDistance * CameraDistance) - 1);
        return new Matrix4x4(
            (f * r.X) - (half * t.X), (-f * u.X) - (half * t.X), 0, -t.X,
            (f * r.Y) - (half * t.Y), (-f * u.Y) - (half * t.Y), 0, -t.Y,
            (f * r.Z) - (half * t.Z), (-f * u.Z) - (half * t.Z), 0, -t.Z,
            half * CameraDistance, half * CameraDistance, 1, CameraDistance);
    }

    private static byte[] Shade(PreparedCloud cloud, ViewCamera camera, int size, bool perspective, PointCloudChannels channels, float[] depth, int[] winners)
    {
        byte[] rgb = new byte[size * size * 3];
        bool colour = channels == PointCloudChannels.Color && cloud.Colors is not null;
        ReadOnlySpan<byte> colours = colour ? cloud.Colors!.Value.Span : default;
        Vector3 toward = camera.Toward;
        Vector3[] normals = cloud.Normals;

        // Depth over the unit sphere: nearest possible = 255, farthest = 0.
        float near = perspective ? CameraDistance - 1 : -1;
        for (int p = 0; p < winners.Length; p++)
        {
            int i = winners[p];
            if (i < 0)
            {
                continue;
            }

            float shade = 0.2f + (0.8f * MathF.Abs(Vector3.Dot(normals[i], toward)));
            int o = p * 3;
            if (colour)
            {
                rgb[o] = (byte)(colours[i * 3] * shade);
                rgb[o + 1] = (byte)(colours[(i * 3) + 1] * shade);
                rgb[o + 2] = (byte)(colours[(i * 3) + 2] * shade);
            }
            else
            {
                byte s = (byte)((255 * shade) + 0.5f);
                float g = 255 * (1 - ((depth[p] - near) * 0.5f));
                rgb[o] = s;
                rgb[o + 1] = (byte)Math.Clamp(g + 0.5f, 0, 255);
                rgb[o + 2] = s;
            }
        }

        return rgb;
    }
}
