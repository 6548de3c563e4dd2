namespace Customizable.Vlm;

/// <summary>The kind of sensor data an <see cref="Observation"/> carries.</summary>
public enum ObservationModality
{
    /// <summary>A single 2D image.</summary>
    Image = 0,

    /// <summary>A 3D point cloud (optionally coloured).</summary>
    PointCloud = 1,

    /// <summary>A video or an ordered sequence of frames.</summary>
    Video = 2,
}
