namespace Customizable.Vlm.PointClouds;

/// <summary>What the three channels of a rendered view hold. Background pixels are black (0, 0, 0) in every mode.</summary>
public enum PointCloudChannels
{
    /// <summary>
    /// R = normal shading, G = depth, B = normal shading. Shading is <c>0.2 + 0.8 |n . v|</c> for the unit normal n and the
    /// viewing direction v (a head light, two-sided, so normal orientation does not matter), scaled to 51-255. Depth is
    /// 255 for the nearest point of the unit sphere around the normalised cloud and 0 for the farthest (a fixed range, so
    /// the same part renders the same depth values whatever its position or scale).
    /// </summary>
    ShadingDepth = 0,

    /// <summary>R, G, B = the point's colour times the normal shading; clouds without colours fall back to <see cref="ShadingDepth"/>.</summary>
    Color = 1,
}
