namespace Customizable.Vlm.PointClouds;

/// <summary>How <see cref="PointCloudEncoder"/> projects the normalised cloud onto a view.</summary>
public enum PointCloudProjection
{
    /// <summary>Parallel projection: the unit sphere around the normalised cloud fills 95 % of the view; sizes do not depend on depth.</summary>
    Orthographic = 0,

    /// <summary>Pinhole camera 3 units from the centre of the normalised cloud (radius 1), framed so the unit sphere fits.</summary>
    Perspective = 1,
}
