using System.Globalization;
using System.Numerics;

namespace Customizable.Vlm.PointClouds;

/// <summary>A camera orientation in the normalised frame: rows Right, Up and Toward (from the cloud to the camera).</summary>
internal sealed record ViewCamera(string Label, Vector3 Right, Vector3 Up, Vector3 Toward)
{
    public static IReadOnlyList<ViewCamera> For(PointCloudViewPreset preset) => preset == PointCloudViewPreset.Cpmf27 ? Cpmf27() : Fast6();

    /// <summary>A camera on the side <paramref name="toward"/> of the cloud, with +Z (or +Y when looking along Z) up.</summary>
    public static ViewCamera Looking(string label, Vector3 toward)
    {
        Vector3 up = MathF.Abs(toward.Z) > 0.99f ? Vector3.UnitY : Vector3.UnitZ;
        Vector3 right = Vector3.Normalize(Vector3.Cross(up, toward));
        return new ViewCamera(label, right, Vector3.Cross(toward, right), toward);
    }

    private static ViewCamera[] Fast6() =>
    [
        Looking("+X", Vector3.UnitX),
        Looking("-X", -Vector3.UnitX),
        Looking("+Y", Vector3.UnitY),
        Looking("-Y", -Vector3.UnitY),
        Looking("+Z", Vector3.UnitZ),
        Looking("-Z", -Vector3.UnitZ),
    ];

    private static ViewCamera[] Cpmf27()
    {
        int[] angles = [-45, 0, 45];
        var cameras = new List<ViewCamera>(27);
        foreach (int ax in angles)
        {
            foreach (int ay in angles)
            {
                foreach (int az in angles)
                {
                    // The cloud is rotated about x, then y, then z and seen from +Z: the camera axes are the inverse rotation's.
                    Matrix4x4 rotation = Matrix4x4.CreateRotationX(Radians(ax)) * Matrix4x4.CreateRotationY(Radians(ay)) * Matrix4x4.CreateRotationZ(Radians(az));
                    Matrix4x4.Invert(rotation, out Matrix4x4 inverse);
                    Vector3 right = Vector3.TransformNormal(Vector3.UnitX, inverse);
                    Vector3 up = Vector3.TransformNormal(Vector3.UnitY, inverse);
                    Vector3 toward = Vector3.TransformNormal(Vector3.UnitZ, inverse);
                    string label = string.Create(CultureInfo.InvariantCulture, $"rx{ax:+0;-0;+0} ry{ay:+0;-0;+0} rz{az:+0;-0;+0}");
                    cameras.Add(new ViewCamera(label, right, up, toward));
                }
            }
        }

        return [.. cameras];
    }

    private static float Radians(int degrees) => degrees * MathF.PI / 180;
}
