namespace Customizable.Vlm.PointClouds;

/// <summary>The per-view constants of the splatting loop: camera axes, view size, scale and splat limit.</summary>
internal readonly struct SplatFrame
{
    public SplatFrame(ViewCamera camera, int size, bool perspective, float maxSplat)
    {
        Size = size;
        Perspective = perspective;
        MaxSplat = maxSplat;
        Half = size * 0.5f;
        K = Half * PointCloudRenderer.Fill;
        Focal = K * MathF.Sqrt((PointCloudRenderer.CameraDistance * PointCloudRenderer.CameraDistance) - 1);
        (Rx, Ry, Rz) = (camera.Right.X, camera.Right.Y, camera.Right.Z);
        (Ux, Uy, Uz) = (camera.Up.X, camera.Up.Y, camera.Up.Z);
        (Tx, Ty, Tz) = (camera.Toward.X, camera.Toward.Y, camera.Toward.Z);
    }

    public int Size { get; }

    public bool Perspective { get; }

    public float MaxSplat { get; }

    /// <summary>Half the view size, in pixels (the image of the centre).</summary>
    public float Half { get; }

    /// <summary>Pixels per normalised unit of an orthographic view.</summary>
    public float K { get; }

    /// <summary>The perspective camera's focal length, in pixels.</summary>
    public float Focal { get; }

    public float Rx { get; }

    public float Ry { get; }

    public float Rz { get; }

    public float Ux { get; }

    public float Uy { get; }

    public float Uz { get; }

    public float Tx { get; }

    public float Ty { get; }

    public float Tz { get; }
}
