using Customizable.Vlm.Preprocessing;

namespace Customizable.Vlm.Onnx;

/// <summary>Options of the embedded few-shot <see cref="FeatureReasoner"/>. Defaults were chosen by measurement (docs/accuracy.md).</summary>
public sealed class FeatureReasonerOptions
{
    /// <summary>Gets or sets the backbone (default: the shipped ResNet18, layer2 + layer3).</summary>
    public FeatureBackboneOptions Backbone { get; set; } = FeatureBackboneOptions.ResNet18();

    /// <summary>Gets or sets how images are fitted to the backbone input: <see cref="TensorResizeMode.Stretch"/> keeps the whole
    /// image (aspect changes), <see cref="TensorResizeMode.Letterbox"/> keeps the aspect with padding,
    /// <see cref="TensorResizeMode.ShorterSideThenCenterCrop"/> drops the borders of elongated images. <see langword="null"/> (the
    /// default) takes stretch unless self-tuning is on (<see cref="SelfTuningBudget"/>); a value pins it.</summary>
    public TensorResizeMode? ResizeMode { get; set; }

    /// <summary>
    /// Gets or sets the size of the local averaging window applied to each feature map (odd, 1 to 63; 1 averages nothing).
    /// <para>Default 3, as in PatchCore: each patch feature also describes its neighbourhood. 1 keeps the finest detail. Measured on
    /// every development draw at 4 and 16 references (docs/accuracy.md, "Averaging window"): on MVTec 3D-AD tire, whose cuts and
    /// holes are small, 1 raised image AUROC from 0.779 to 0.820 and 0.801 to 0.853, AU-PRO from 0.92 to 0.95-0.96 and the share of maps
    /// that peak on the defect from 0.42 to 0.58-0.63; on MVTec LOCO juice_bottle (logical anomalies that span many patches) its
    /// AU-PRO fell from 0.92 to 0.76 at 4 references and the decision missed defects, and on MTD magnetic_tile its maps got worse
    /// (AU-PRO 0.74 to 0.71 and 0.75 to 0.66), as did rendered point clouds (object AUROC 0.84 to 0.79 at 4 references). So 3
    /// stays the default; set 1 for images of parts whose defects are small and local.</para>
    /// <para>The window is part of the profile: a reasoner inspects a profile with the window it was customized with, whatever its
    /// own options say (profiles that name no window are refused).</para>
    /// </summary>
    public int LocalAveragingKernel { get; set; } = 3;

    /// <summary>Gets or sets whether each patch feature is scaled to unit length before comparison. <see langword="null"/> (the
    /// default) takes unit length unless self-tuning is on (<see cref="SelfTuningBudget"/>); a value pins it.</summary>
    public bool? NormalizeFeatures { get; set; }

    /// <summary>
    /// Gets or sets whether unit-length features (<see cref="NormalizeFeatures"/>) are scaled one backbone layer at a time: each
    /// layer's block of channels gets length 1/sqrt(layers), so every layer weighs the same in patch distances. Scaling the whole
    /// feature at once lets the layer with more channels and larger values (layer3, 256 of 384) dominate.
    /// <para>Default <see langword="true"/>: over every development draw at 4 and 16 references it raised tire's AU-PRO from
    /// 0.893 and 0.894 to 0.918 and 0.925 and its pixel AUROC from 0.975 to 0.981 and 0.983, and left image AUROC, the decision
    /// and juice_bottle and magnetic_tile within the spread of the draws (docs/accuracy.md, "Each layer normalised on its own").
    /// The profile records it: profiles written before this option existed keep normalising the whole feature.</para>
    /// </summary>
    public bool NormalizeLayersSeparately { get; set; } = true;

    /// <summary>
    /// Gets or sets the time customization may spend choosing the settings left <see langword="null"/> (<see cref="ResizeMode"/>,
    /// <see cref="NormalizeFeatures"/>) from normal images only: references are held out, synthetic defects are planted on them, and
    /// a candidate replaces the measured default (stretch, unit-length features) only when it separates the planted defects from the
    /// held-out normals clearly better. Candidates are tried default first; the best found within the budget is used. The choice and
    /// its evidence are stored in the reference model (<see cref="FeatureReferenceModel.Tuning"/>).
    /// <para>Default <see cref="TimeSpan.Zero"/> (off): on the development categories every switch it made lowered the image AUROC
    /// on real defects (tire 0.710 -> 0.636 and 0.666 -> 0.566 at one reference, 0.630 -> 0.555 at four; docs/accuracy.md), so
    /// unpinned settings take the measured default. The decision threshold is always set from synthetic defects, whatever this
    /// budget.</para>
    /// </summary>
    public TimeSpan SelfTuningBudget { get; set; }

    /// <summary>
    /// Gets or sets the backbone input width and height, in pixels ([32, 2048]), used instead of the <see cref="Backbone"/>'s when every
    /// view slot has a single reference view (one reference image). Default 224: with one reference on MVTec 3D-AD tire, the default
    /// 320 flagged almost no defect (decision F1 over F1-max 0.03 and 0.35 against 0.36 and 0.92 at 224, seeds 0 and 1; image AUROC
    /// 0.606 and 0.667 against 0.554 and 0.710), while 224 keeps the measured single-reference behaviour (docs/accuracy.md, "Input resolution"). <see langword="null"/>
    /// uses the backbone's size whatever the number of references. The profile records the size it was built at.
    /// </summary>
    public int? SingleReferenceInputSize { get; set; } = 224;

    /// <summary>
    /// Gets or sets whether customization shapes a square backbone input (<see cref="FeatureBackboneOptions.InputWidth"/> =
    /// <see cref="FeatureBackboneOptions.InputHeight"/>, or <see cref="SingleReferenceInputSize"/>) to the references' median aspect
    /// ratio when they share one (at least two references, 90% of them within 15% of it), keeping about the same number of pixels (sides multiples
    /// of 16; ratios within 15% of square stay square, beyond 4:1 are clamped): 600 x 800 references run at 272 x 384 and 800 x 1600
    /// ones at 224 x 464 instead of 320 x 320, so a thin defect along the long side is not squeezed by the stretch to a square.
    /// References of mixed proportions keep the square. The profile records the shape; queries of other proportions are stretched
    /// to it. A non-square backbone input is always used as given. Default <see langword="true"/> (docs/accuracy.md, "Input shape").
    /// </summary>
    public bool MatchReferenceAspect { get; set; } = true;

    /// <summary>
    /// Gets or sets the mirrored copies of the references added to each slot's patch memory at customization (the held-out
    /// calibration leaves a reference's copies out with it). Copies are added for two references or more (a single reference is
    /// calibrated on shifted stand-ins, which the copies make look too normal), while references and copies together number at most
    /// 48 (three times 16 references); more references already cover the variation. Default
    /// <see cref="Onnx.ReferenceAugmentation.FlipHorizontal"/> | <see cref="Onnx.ReferenceAugmentation.FlipVertical"/>: at four
    /// references it raised image AUROC on MVTec 3D-AD tire and MTD magnetic_tile (docs/accuracy.md, "Mirrored references"). Set
    /// <see cref="Onnx.ReferenceAugmentation.None"/> (<c>cvlm customize --mirrored-copies off</c>) for parts whose mirror image is
    /// itself a defect (a left-hand part among right-hand ones, a part mounted the wrong way round): with the copies and
    /// <see cref="MirroredQuery"/> a part and its mirror image score exactly alike (docs/accuracy.md, "Parts whose mirror image is a
    /// defect"). Fixed in the profile at customization.
    /// </summary>
    public ReferenceAugmentation ReferenceAugmentation { get; set; } = ReferenceAugmentation.FlipHorizontal | ReferenceAugmentation.FlipVertical;

    /// <summary>
    /// Gets or sets whether turned copies of each reference join the slot's patch memory too, for parts that lie at any angle (a
    /// screw, a nut, a part on a turntable): the reference turned by a quarter turn both ways and by half a turn, and then by one,
    /// three, five and seven eighths of a turn (45-degree steps; <c>cvlm customize --turned-copies</c>). <see langword="true"/> adds
    /// them all, <see langword="false"/> none, and <see langword="null"/> (default) lets customization decide for 2 to 16 references in
    /// a slot: it makes the quarter-turned copies, compares each reference's coarse layout of patch features with every other
    /// reference's, its mirror images and its turned copies, and keeps them when at least a quarter of the pairs match a turned copy
    /// clearly better; when any pair did, it then makes the eighth-turned copies and keeps those too when at least an eighth of the
    /// pairs match one of them better than every other image of the reference (parts lying at any angle; parts turned only by quarter
    /// turns do not), and when fewer than a quarter matched a quarter turn, that second step decides for the quarter turns as well.
    /// With more than 16 references the copies are added only when pinned. The choices and their counts are in the threshold evidence
    /// (<see cref="FeatureTuningReport.Thresholds"/>), which <c>cvlm customize</c> prints. The copies are left out with their
    /// reference when it is held out for calibration. References and copies together number at most 160, the turned copies after the
    /// mirrored ones, quarter turns first. An eighth-turned copy keeps the frame's size; its corners, which the turned frame does not
    /// cover, continue the frame reflected at its edges. A turned copy of a frame that is not square is stretched to the backbone
    /// input like every view, so the parts look squeezed in it (on a 4:3 proxy they helped all the same). Measured (docs/accuracy.md,
    /// "Parts in any orientation"): never chosen on the development categories, whose parts are photographed the same way round (so
    /// their results do not change); on MVTec 3D-AD tire with every image turned by a quarter turn the quarter turns were chosen on
    /// every draw and the eighth turns on none, raising image AUROC from 0.685 to 0.780 (4 references) and 0.801 to 0.839 (16); turned
    /// by any angle, both were chosen and image AUROC rose from 0.619 without copies (0.650 with quarter turns alone) to 0.738 (4
    /// references) and from 0.733 (0.775) to 0.805 (16). Turned copies of parts that are always photographed the same way round cost
    /// ranking (tire, 16 references, one draw: 0.841 -> 0.814). Fixed in the profile at customization.
    /// </summary>
    public bool? TurnedCopies { get; set; }

    /// <summary>
    /// Gets or sets whether each query view is also scored mirrored left to right: the mirrored image goes through the backbone and
    /// the search too, and each patch's nearest-neighbour distance is averaged with its mirrored twin's before the map, the score and
    /// the regions are made. Normal texture that finds no close neighbour in one orientation usually finds one in the other, while a
    /// defect is far from the references both ways. It applies only to models whose memory holds the left-right mirror images of at
    /// least half the references of every view slot (<see cref="ReferenceAugmentation"/> with
    /// <see cref="Onnx.ReferenceAugmentation.FlipHorizontal"/>, two references or more; the memory is built from at most 48 images, so
    /// up to 32 references per slot), so that a mirrored normal part is still normal to the memory; customization then scores the
    /// held-out references and their planted defects the same way when it sets the threshold. With more references each query is
    /// scored once: with too few mirrored copies the mirrored query ranked lower (MVTec 3D-AD tire with all 50 references 0.726
    /// image AUROC against 0.882, UCSD Ped2 at 64 frames 0.960 against 0.993; docs/accuracy.md, "Many references").
    /// <para>Default <see langword="true"/>. Measured on every development draw at 4 and 16 references (docs/accuracy.md, "The query
    /// and its mirror image, averaged"): MVTec 3D-AD tire image AUROC 0.779 -> 0.794 and 0.801 -> 0.844, pixel AUROC and AU-PRO up on
    /// every category, MTD magnetic_tile's ranking within the spread of its draws, MVTec LOCO juice_bottle's decisions unchanged;
    /// each inspected view costs about 2.1 times as much (the image and its mirror image through the backbone, two searches;
    /// docs/performance.md). Set <see langword="false"/> when
    /// speed matters more. Fixed in the profile at customization: inspection uses the profile's setting.</para>
    /// </summary>
    public bool MirroredQuery { get; set; } = true;

    /// <summary>Gets or sets the largest memory bank (patches); larger banks are reduced by greedy coreset selection. 0 disables.</summary>
    public int MaxMemoryBankSize { get; set; } = 16 * 784;

    /// <summary>Gets or sets how the image score is taken from the anomaly map.</summary>
    public ImageScoreMode ImageScore { get; set; } = ImageScoreMode.Max;

    /// <summary>Gets or sets the fraction in (0, 1] of map values averaged by <see cref="ImageScoreMode.TopKMean"/>.</summary>
    public double TopKFraction { get; set; } = 0.01;

    /// <summary>Gets or sets the Gaussian smoothing of the anomaly map, in backbone-input pixels (0 disables).</summary>
    public double SmoothingSigma { get; set; } = 4;

    /// <summary>
    /// Gets or sets how many outer rings of the patch grid are checked against the patches just inside them before the map is built
    /// (0 keeps every patch's own distance), or null (the default) for a choice made at customization: a patch of those rings whose
    /// distance is above that of the nearest patch inside them takes that lower distance. Null chooses 1 for a single reference and
    /// when at least 40% of the held-out references have their strongest patch on the outer ring (magnetic_tile-like textures), else
    /// 0; the choice and its count are in the threshold evidence (<see cref="FeatureReferenceModel.Tuning"/>). The backbone pads its convolutions with zeros, so a patch on the image's edge is
    /// described partly by that padding; on textured surfaces that fill the view and whose edges vary, the strongest spot of many
    /// normal images was on the edge. Measured (docs/accuracy.md, "Edge patches"): 1 raised MTD magnetic_tile image AUROC by 0.02-0.07
    /// (k = 4 and 16) and its decision F1 from 0.70 to 0.85 of F1-max at k = 4, but lowered MVTec 3D-AD tire by 0.01-0.05, whose
    /// defects reach the image's edge; the automatic choice keeps magnetic_tile's gains without tire's losses (docs/accuracy.md,
    /// "Edge patches"). Stored in the profile: inspection uses the value the profile was customized with.
    /// </summary>
    public int? EdgePatchRings { get; set; }

    /// <summary>
    /// Gets or sets the shift of the decision threshold from the self-tuned one, in units of the normal scores' spread (default 0).
    /// Customization puts the threshold a quarter of the way from the mean score of held-out normal references to the 10th percentile of the
    /// scores of synthetic defects planted on them (with a single reference, each patch is compared with the reference's patches
    /// outside its neighbourhood). A negative margin flags more (fewer missed defects, more false alarms), a positive one fewer
    /// (fewer false alarms, more missed defects); docs/accuracy.md measures the trade. Must be from -20 to 20: one spread already moves
    /// the decision a long way, and a larger shift would only flag everything or nothing.
    /// </summary>
    public double ThresholdMargin { get; set; }

    /// <summary>Gets or sets how many references are scored leave-one-out to calibrate (evenly chosen; at least 1).</summary>
    public int CalibrationSamples { get; set; } = 8;

    /// <summary>Gets or sets the smallest region reported, as a fraction of the backbone input area.</summary>
    public double MinRegionFraction { get; set; } = 0.002;

    /// <summary>Gets or sets how many images go through the backbone at once (at least 1): references when customizing, and the query
    /// views of one inspection (a video's frames, a point cloud's rendered views) when inspecting.</summary>
    public int BatchSize { get; set; } = 4;

    /// <summary>
    /// Gets or sets how many principal components of the reference patches the nearest-neighbour search compares, plus one
    /// residual-length coordinate (see <see cref="Anomaly.PatchProjection"/>); 0, or at least the feature length, searches the full
    /// features exactly (in the references' principal axes, a rotation that keeps every distance, so that the search's first pass
    /// over the leading coordinates can skip most of the bank: about the projected search's cost; profiles customized before this
    /// keep their plain exact search). Default 128: the search is about 2x cheaper than the exact one (10 against 19 ms for 1,600
    /// patches against 12,544) and ranks images better on the development categories, while the exact one localises better
    /// (docs/accuracy.md, "The exact search on every development draw"); on MVTec 3D-AD tire, where it was chosen, the image AUROC
    /// was at least 99% of the exact search's for 1, 4, 16 and 50 references, and pixel AU-PRO stayed within 3% to 8% of it (96
    /// components ranked images as well but lost up to 11% AU-PRO). The projection is fitted once at customization and stored in
    /// the profile; inspection always uses the profile's own setting.
    /// </summary>
    public int ProjectionDimensions { get; set; } = 128;

    /// <summary>Gets or sets the threads used by the nearest-neighbour search (default: all cores).</summary>
    public int SearchParallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> (or <see cref="ArgumentException"/>) when a value, including one
    /// of the <see cref="Backbone"/> options, is out of range.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Backbone);
        Backbone.Validate();
        if (LocalAveragingKernel < 1 || LocalAveragingKernel % 2 == 0 || LocalAveragingKernel > BackboneResolution.MaxAveragingKernel)
        {
            throw new ArgumentOutOfRangeException(nameof(LocalAveragingKernel), LocalAveragingKernel, "The averaging window must be an odd number from 1 to 63.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(MaxMemoryBankSize, nameof(MaxMemoryBankSize));
        if ((ReferenceAugmentation & ~(ReferenceAugmentation.FlipHorizontal | ReferenceAugmentation.FlipVertical)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ReferenceAugmentation), ReferenceAugmentation, "Unknown augmentation flag.");
        }

        if (!(TopKFraction > 0 && TopKFraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(TopKFraction), TopKFraction, "Must be in (0, 1].");
        }

        if (EdgePatchRings is < 0 or > 8)
        {
            throw new ArgumentOutOfRangeException(nameof(EdgePatchRings), EdgePatchRings, "Must be in [0, 8].");
        }

        if (!(SmoothingSigma >= 0 && SmoothingSigma <= 64))
        {
            throw new ArgumentOutOfRangeException(nameof(SmoothingSigma), SmoothingSigma, "Must be in [0, 64].");
        }

        if (SelfTuningBudget < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(SelfTuningBudget), SelfTuningBudget, "Must not be negative.");
        }

        if (!(ThresholdMargin >= -20 && ThresholdMargin <= 20))
        {
            throw new ArgumentOutOfRangeException(nameof(ThresholdMargin), ThresholdMargin, "Must be from -20 to 20 spreads.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(CalibrationSamples, 1, nameof(CalibrationSamples));
        if (!(MinRegionFraction >= 0 && MinRegionFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(MinRegionFraction), MinRegionFraction, "Must be in [0, 1).");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfNegative(ProjectionDimensions, nameof(ProjectionDimensions));
        if (SingleReferenceInputSize is < FeatureReasoner.MinInputSide or > FeatureReasoner.MaxInputSide)
        {
            throw new ArgumentOutOfRangeException(nameof(SingleReferenceInputSize), SingleReferenceInputSize, "Must be null or in [32, 2048] pixels.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(SearchParallelism, 1, nameof(SearchParallelism));
    }

    /// <summary>Returns a deep copy.</summary>
    /// <returns>The copy.</returns>
    public FeatureReasonerOptions Clone()
    {
        var copy = (FeatureReasonerOptions)MemberwiseClone();
        copy.Backbone = Backbone.Clone();
        return copy;
    }
}
