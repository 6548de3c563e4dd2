namespace Customizable.Vlm.PointClouds;

/// <summary>Settings of <see cref="PointCloudEncoder"/>: cameras, view size, projection, alignment, channels and splatting.</summary>
/// <remarks>An encoder takes a copy (<see cref="Clone"/>) and validates it when it is created; changing an instance afterwards does not affect encoders built from it.</remarks>
public sealed class PointCloudEncoderOptions
{
    /// <summary>Gets or sets which cameras are rendered. Default <see cref="PointCloudViewPreset.Fast6"/>.</summary>
    public PointCloudViewPreset Views { get; set; } = PointCloudViewPreset.Fast6;

    /// <summary>Gets or sets the width and height of every view, in pixels, in [16, 4096]. Default 224 (the input size of the default backbone).</summary>
    public int ViewSize { get; set; } = 224;

    /// <summary>Gets or sets the projection. Default <see cref="PointCloudProjection.Orthographic"/>.</summary>
    public PointCloudProjection Projection { get; set; } = PointCloudProjection.Orthographic;

    /// <summary>
    /// Gets or sets whether the normalised cloud is rotated onto its principal axes (largest spread along x, then y, then z, signs
    /// chosen by the third moment), so that a part scanned in another pose renders the same views. Default false.
    /// </summary>
    public bool AlignPrincipalAxes { get; set; }

    /// <summary>Gets or sets what the channels hold. Default <see cref="PointCloudChannels.ShadingDepth"/>.</summary>
    public PointCloudChannels Channels { get; set; } = PointCloudChannels.ShadingDepth;

    /// <summary>
    /// Gets or sets how many nearest neighbours estimate a normal when the cloud has none, in [3, 64]. Default 30 (measured against
    /// 10 on generated defect sets from three real scans: docs/point-clouds.md; fewer neighbours give normals that change with every
    /// resampling of a noisy or sparse scan, and the shading with them).
    /// </summary>
    public int NeighbourCount { get; set; } = 30;

    /// <summary>
    /// Gets or sets the splat half-size relative to the local point spacing (estimated per point from the density of a voxel grid),
    /// in [0.25, 4]. 1 (the default) makes neighbouring splats overlap, so a scan has no holes between its lines.
    /// </summary>
    public float SplatScale { get; set; } = 1f;

    /// <summary>Gets or sets the largest splat half-size in pixels, in [0.5, 32]. Default 4 (keeps very sparse clouds from turning into blocks).</summary>
    public float MaxSplatRadius { get; set; } = 4f;

    /// <summary>
    /// Gets or sets how many re-scan-like variants of each reference cloud join customization, in [0, 16]. Default 3. When an
    /// <see cref="AnomalyInspector"/> customizes a reasoner that builds a reference model (the embedded one) from point clouds, each
    /// reference (when there are at most <see cref="ReferenceVariantsUpTo"/> reference clouds) is also rendered after the changes a second scan of the same part would bring: a random 80 % of its points kept, a
    /// rotation of up to 4.5 degrees about a random axis through its centroid, and Gaussian jitter of 0.3 % of its radius (the largest
    /// distance from the centroid) per coordinate, drawn from a fixed seed per variant so customization is repeatable. The variants'
    /// views are extra references of the model (memory and calibration) and are not kept in the profile's reference views. Without
    /// them, one reference cloud calibrated its threshold on the reference shifted by a few pixels, and every normal test cloud was
    /// flagged (docs/point-clouds.md, "Reference variants"). 0 turns them off; each variant costs one more rendering and one more
    /// backbone pass per view at customization, not at inspection.
    /// </summary>
    public int ReferenceVariants { get; set; } = 3;

    /// <summary>
    /// Gets or sets the most reference clouds a customization may have for <see cref="ReferenceVariants"/> to be rendered, in [0, 1000].
    /// Default 3: variants are made for one to three reference clouds and not for four or more, whose differences already show
    /// normal variation; there the variants multiplied customization time (bunny, 4 references: 174 s to 1,016 s on the loaded
    /// development machine) and changed little (docs/point-clouds.md, "Reference variants, measured").
    /// </summary>
    public int ReferenceVariantsUpTo { get; set; } = 3;

    /// <summary>Gets or sets how many views render at once; -1 (the default) for the number of processors.</summary>
    public int MaxDegreeOfParallelism { get; set; } = -1;

    /// <summary>Gets or sets the limits used to read file observations. Default: <see cref="PointCloudLoadOptions"/> defaults.</summary>
    public PointCloudLoadOptions LoadOptions { get; set; } = new();

    /// <summary>Creates a deep copy.</summary>
    /// <returns>The copy.</returns>
    public PointCloudEncoderOptions Clone()
    {
        var copy = (PointCloudEncoderOptions)MemberwiseClone();
        copy.LoadOptions = LoadOptions.Clone();
        return copy;
    }

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of its documented range.</exception>
    /// <exception cref="ArgumentNullException"><see cref="LoadOptions"/> is null.</exception>
    public void Validate()
    {
        if (!Enum.IsDefined(Views))
        {
            throw new ArgumentOutOfRangeException(nameof(Views), Views, "Unknown view preset.");
        }

        if (!Enum.IsDefined(Projection))
        {
            throw new ArgumentOutOfRangeException(nameof(Projection), Projection, "Unknown projection.");
        }

        if (!Enum.IsDefined(Channels))
        {
            throw new ArgumentOutOfRangeException(nameof(Channels), Channels, "Unknown channel mode.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(ViewSize, 16);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ViewSize, 4096);
        ArgumentOutOfRangeException.ThrowIfLessThan(NeighbourCount, 3);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(NeighbourCount, 64);
        ArgumentOutOfRangeException.ThrowIfNegative(ReferenceVariants);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ReferenceVariants, 16);
        ArgumentOutOfRangeException.ThrowIfNegative(ReferenceVariantsUpTo);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ReferenceVariantsUpTo, 1000);
        if (!(SplatScale >= 0.25f && SplatScale <= 4f))
        {
            throw new ArgumentOutOfRangeException(nameof(SplatScale), SplatScale, "The value must be in [0.25, 4].");
        }

        if (!(MaxSplatRadius >= 0.5f && MaxSplatRadius <= 32f))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSplatRadius), MaxSplatRadius, "The value must be in [0.5, 32].");
        }

        if (MaxDegreeOfParallelism is 0 or < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "Use -1 or a positive number.");
        }

        ArgumentNullException.ThrowIfNull(LoadOptions);
    }
}
