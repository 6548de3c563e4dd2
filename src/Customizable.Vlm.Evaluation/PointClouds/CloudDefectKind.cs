namespace Customizable.Vlm.Evaluation.PointClouds;

/// <summary>The kinds of synthetic defect <see cref="SyntheticCloudDefects"/> applies to a cloud.</summary>
public enum CloudDefectKind
{
    /// <summary>A patch pushed into the surface along its normal (a smooth cap); the displaced points are anomalous.</summary>
    Dent = 0,

    /// <summary>A patch pushed out of the surface along its normal; the displaced points are anomalous.</summary>
    Bump = 1,

    /// <summary>A patch removed; the points on the rim around the removed patch are anomalous (as in Anomaly-ShapeNet).</summary>
    Hole = 2,

    /// <summary>A thin slab through the surface removed over a short length (a cut or crack); the points on both lips are anomalous.</summary>
    Cut = 3,

    /// <summary>A small cluster of added points just off the surface; the added points are anomalous.</summary>
    Debris = 4,
}
