using System.Diagnostics;
using Customizable.Vlm.Evaluation.Datasets;
using Customizable.Vlm.Evaluation.Metrics;

namespace Customizable.Vlm.Evaluation;

/// <summary>
/// Runs the few-shot protocol on one dataset category: choose k normal training images reproducibly from the seed, customize an
/// inspection from them, inspect every test item, and compute image metrics (AUROC, AUPR, F1-max, accuracy) and, where masks
/// and anomaly maps exist, pixel metrics (pixel AUROC, AU-PRO). Point-cloud items (<c>.pcd</c>/<c>.ply</c>, e.g. the
/// Anomaly-ShapeNet layout) are inspected as <see cref="PointCloudObservation"/>s, and the per-point scores of the verdicts
/// (<see cref="AnomalyVerdict.PointScores"/>) pooled over all test clouds give the point AUROC against the ground-truth labels.
/// </summary>
/// <remarks>
/// <para>Items are inspected one at a time so that <see cref="EvaluationMetrics.MillisecondsPerImage"/> measures one inspection (the
/// embedded reasoner already uses every core inside one inspection).</para>
/// <para>Thread-safety: <see cref="RunAsync"/> may be called concurrently (each call keeps its own state). Ownership: the runner does
/// not own the inspector or its reasoner.</para>
/// </remarks>
public sealed class EvaluationRunner
{
    private readonly AnomalyInspector _inspector;
    private readonly EvaluationOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Initializes a new runner.</summary>
    /// <param name="inspector">The inspector (and through it the reasoner) to evaluate.</param>
    /// <param name="options">Options; null for defaults (all references, seed 0).</param>
    /// <param name="timeProvider">The clock that stamps the result; null for the system clock.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public EvaluationRunner(AnomalyInspector inspector, EvaluationOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(inspector);
        _inspector = inspector;
        _options = options?.Clone() ?? new EvaluationOptions();
        _options.Validate();
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>
    /// Chooses the references: with <paramref name="shots"/> null or equal to the pool size, the whole pool; otherwise the pool in
    /// ordinal order of <see cref="DatasetItem.RelativePath"/> is shuffled by Fisher-Yates driven by SplitMix64 seeded with
    /// <paramref name="seed"/>, the first <paramref name="shots"/> are taken and returned in ordinal order.
    /// </summary>
    /// <param name="pool">The normal training items.</param>
    /// <param name="shots">How many to take (1 to the pool size), or null for all.</param>
    /// <param name="seed">The seed.</param>
    /// <returns>The chosen items, in ordinal order of their relative paths.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="shots"/> is below 1 or above the pool size.</exception>
    public static IReadOnlyList<DatasetItem> SelectReferences(IReadOnlyList<DatasetItem> pool, int? shots, int seed)
    {
        ArgumentNullException.ThrowIfNull(pool);
        DatasetItem[] ordered = [.. pool.OrderBy(i => i.RelativePath, StringComparer.Ordinal)];
        int k = shots ?? ordered.Length;
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1, nameof(shots));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, ordered.Length, nameof(shots));
        if (k == ordered.Length)
        {
            return ordered;
        }

        var random = new SplitMix64(seed);
        for (int i = ordered.Length - 1; i > 0; i--)
        {
            int j = random.NextBelow(i + 1);
            (ordered[i], ordered[j]) = (ordered[j], ordered[i]);
        }

        return [.. ordered.Take(k).OrderBy(i => i.RelativePath, StringComparer.Ordinal)];
    }

    /// <summary>Evaluates the inspector on a dataset category.</summary>
    /// <param name="dataset">The dataset (see <see cref="DatasetReader"/>).</param>
    /// <param name="progress">Receives progress per checked file and per inspected item; null for none.</param>
    /// <param name="cancellationToken">Cancels between files and items and inside customization.</param>
    /// <returns>The metrics and one prediction per test item.</returns>
    /// <exception cref="DatasetException">More shots than training images, or an image or mask cannot be read (the message names it).</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public async Task<EvaluationResult> RunAsync(EvaluationDataset dataset, IProgress<EvaluationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (_options.Shots > dataset.Train.Count)
        {
            throw new DatasetException(dataset.Root, $"Category '{dataset.Category}' in '{dataset.Root}' has {dataset.Train.Count} normal training images; {_options.Shots} shots were requested.", null);
        }

        IReadOnlyList<DatasetItem> references = SelectReferences(dataset.Train, _options.Shots, _options.Seed);
        var referencePaths = new HashSet<string>(references.Select(r => Path.GetFullPath(r.ImagePath)), StringComparer.Ordinal);
        List<DatasetItem> test = [.. dataset.Test.Where(t => !referencePaths.Contains(Path.GetFullPath(t.ImagePath)))];
        int excluded = dataset.Test.Count - test.Count;
        if (test.Count == 0)
        {
            throw new DatasetException(dataset.Root, $"Every test item of '{dataset.Category}' is one of the chosen references; choose fewer shots.", null);
        }

        if (_options.CheckFilesFirst)
        {
            CheckFiles(references, test, progress, cancellationToken);
        }

        MotionPairs? pairs = _options.MotionFrameGap > 0 ? new MotionPairs(dataset, _options.MotionFrameGap) : null;
        (InspectionProfile profile, double customizeSeconds) = await CustomizeAsync(dataset, references, pairs, progress, cancellationToken).ConfigureAwait(false);

        var predictions = new List<ItemPrediction>(test.Count);
        // Clips with masks when only some have them (UCSD): pixel metrics over those clips' frames.
        string[] maskedClips = dataset.HasMasks ? [] : [.. test.Where(t => t.Clip is not null && t.MaskPaths.Count > 0).Select(t => t.Clip!).Distinct().Order(StringComparer.Ordinal)];
        var pixels = dataset.HasMasks || maskedClips.Length > 0 ? new PixelMetricsAccumulator() : null;
        var points = test.Any(CloudItems.IsCloud) ? new PointMetricsAccumulator() : null;
        for (int i = 0; i < test.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            (ItemPrediction prediction, bool pointsScored) = await InspectAsync(profile, test[i], pairs, dataset.HasMasks, points, cancellationToken).ConfigureAwait(false);
            points = pointsScored ? points : null; // a reasoner without maps: no point metrics rather than metrics over part of the set
            predictions.Add(prediction);
            if (pixels is not null && (dataset.HasMasks || prediction.Item.MaskPaths.Count > 0))
            {
                if (prediction.Evidence is { } evidence)
                {
                    pixels.Add(evidence.Scores, evidence.GroundTruth ?? new bool[evidence.Scores.Length], evidence.Width, evidence.Height);
                }
                else
                {
                    pixels = null; // a reasoner without maps: no pixel metrics rather than metrics over part of the set
                }
            }

            progress?.Report(new EvaluationProgress(EvaluationStage.Inspecting, i + 1, test.Count, test[i].RelativePath));
        }

        progress?.Report(new EvaluationProgress(EvaluationStage.Scoring, 0, 1));
        PixelMetrics? pixelMetrics = pixels?.Compute(_options.AuProFalsePositiveRateLimit);
        ClipSummary? clips = predictions.Any(p => p.Item.Clip is not null) ? ClipScoring.Compute(predictions, _options.TemporalSmoothingRadius) : null;
        EvaluationMetrics metrics = Score(dataset, references.Count, excluded, predictions, pixelMetrics, points, customizeSeconds, clips, pixelMetrics is null ? [] : maskedClips);
        progress?.Report(new EvaluationProgress(EvaluationStage.Scoring, 1, 1));
        return new EvaluationResult(dataset, references, predictions, metrics, _time.GetUtcNow()) { Profile = profile };
    }

    private static void CheckFiles(IReadOnlyList<DatasetItem> references, List<DatasetItem> test, IProgress<EvaluationProgress>? progress, CancellationToken cancellationToken)
    {
        int total = references.Count + test.Count;
        int done = 0;
        foreach ((DatasetItem item, string what) in references.Select(r => (r, "reference image")).Concat(test.Select(t => (t, "test image"))))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (CloudItems.IsCloud(item))
            {
                // Clouds are read (and a lying header reported) when they are inspected.
                progress?.Report(new EvaluationProgress(EvaluationStage.Checking, ++done, total, item.RelativePath));
                continue;
            }

            (int w, int h) = ImageChecks.Identify(item.ImagePath, what);
            foreach (string mask in item.MaskPaths)
            {
                (int mw, int mh) = ImageChecks.Identify(mask, "mask");
                if (mw != w || mh != h)
                {
                    throw new DatasetException(mask, $"The mask '{mask}' is {mw}x{mh} but its image '{item.ImagePath}' is {w}x{h}.", null);
                }
            }

            progress?.Report(new EvaluationProgress(EvaluationStage.Checking, ++done, total, item.RelativePath));
        }
    }

    private async Task<(InspectionProfile Profile, double Seconds)> CustomizeAsync(EvaluationDataset dataset, IReadOnlyList<DatasetItem> references, MotionPairs? pairs, IProgress<EvaluationProgress>? progress, CancellationToken cancellationToken)
    {
        InspectionSpec spec = _options.Spec?.Clone() ?? new InspectionSpec { ClassContext = $"an object of the category '{dataset.Category}'" };
        spec.References.Clear();
        progress?.Report(new EvaluationProgress(EvaluationStage.Customizing, 0, 1));
        long started = Stopwatch.GetTimestamp();
        InspectionProfile profile;
        try
        {
            foreach (DatasetItem reference in references)
            {
                spec.References.Add(
                    CloudItems.IsCloud(reference) ? PointCloudObservation.FromFile(reference.ImagePath)
                    : pairs is not null && MotionPairs.Applies(reference) ? await pairs.LoadAsync(reference, cancellationToken).ConfigureAwait(false)
                    : ImageObservation.FromFile(reference.ImagePath));
            }

            profile = await _inspector.CustomizeAsync(spec, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidObservationException ex)
        {
            throw new DatasetException(ex.SourceName ?? dataset.Root, $"A reference image cannot be read: {ex.Message}", ex);
        }

        double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        progress?.Report(new EvaluationProgress(EvaluationStage.Customizing, 1, 1));
        return (profile, seconds);
    }

    private async Task<(ItemPrediction Prediction, bool PointsScored)> InspectAsync(InspectionProfile profile, DatasetItem item, MotionPairs? pairs, bool hasMasks, PointMetricsAccumulator? points, CancellationToken cancellationToken)
    {
        bool cloud = CloudItems.IsCloud(item);
        long started = Stopwatch.GetTimestamp();
        AnomalyVerdict verdict;
        try
        {
            Observation observation = cloud ? PointCloudObservation.FromFile(item.ImagePath)
                : pairs is not null && MotionPairs.Applies(item) ? await pairs.LoadAsync(item, cancellationToken).ConfigureAwait(false)
                : ImageObservation.FromFile(item.ImagePath);
            verdict = await _inspector.InspectAsync(profile, observation, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidObservationException ex)
        {
            throw new DatasetException(item.ImagePath, $"The test {(cloud ? "cloud" : "image")} '{item.ImagePath}' cannot be read: {ex.Reason ?? ex.Message}", ex);
        }

        double milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        PixelEvidence? evidence = null;
        if (!cloud && verdict.AnomalyMaps.FirstOrDefault(m => m.ViewIndex == 0) is { } map)
        {
            evidence = await ToGridAsync(map, item, hasMasks, cancellationToken).ConfigureAwait(false);
        }

        bool decision = verdict.IsAnomalous ?? verdict.Score >= 0.5;
        var prediction = new ItemPrediction(item, verdict.Score, decision, milliseconds, verdict.Reasoning, evidence);
        if (points is null || !cloud)
        {
            return (prediction, true);
        }

        if (verdict.PointScores is not { } scores)
        {
            return (prediction, false);
        }

        bool[]? labels = item.PointLabelsPath is { } labelFile
            ? PointLabels.Read(labelFile, scores.Length, item.ImagePath)
            : item.IsPointCloud && item.MaskPaths.Count > 0 ? await OrganizedPointLabels.ReadAsync(item.ImagePath, item.MaskPaths, scores.Length, cancellationToken).ConfigureAwait(false) : null;
        points.Add(scores, labels);
        return (prediction, true);
    }

    private async Task<PixelEvidence> ToGridAsync(AnomalyMap map, DatasetItem item, bool hasMasks, CancellationToken cancellationToken)
    {
        if (item.MaskPaths.Count > 0)
        {
            // The ground truth defines the geometry; the map covers the same image and is resampled onto the same grid.
            (bool[] mask, int mw, int mh) = await MaskLoader.LoadUnionAsync(item.MaskPaths, cancellationToken).ConfigureAwait(false);
            (int gw, int gh) = PixelGrid.Size(mw, mh, _options.PixelResolution);
            return new PixelEvidence(gw, gh, PixelGrid.Average(map.Values, map.Width, map.Height, gw, gh), PixelGrid.Vote(mask, mw, mh, gw, gh));
        }

        (int w, int h) = PixelGrid.Size(map.Width, map.Height, _options.PixelResolution);
        return new PixelEvidence(w, h, PixelGrid.Average(map.Values, map.Width, map.Height, w, h), hasMasks ? new bool[w * h] : null);
    }

    /// <summary>The hit of each anomalous item whose mask marks at least one grid pixel (see <see cref="MapHit"/>).</summary>
    private static Dictionary<ItemPrediction, double> Hits(List<ItemPrediction> predictions)
    {
        var hits = new Dictionary<ItemPrediction, double>(ReferenceEqualityComparer.Instance);
        foreach (ItemPrediction p in predictions)
        {
            if (p.Item.IsAnomalous && p.Evidence is { GroundTruth: { } truth } evidence && MapHit.Of(evidence.Scores, truth) is { } hit)
            {
                hits[p] = hit;
            }
        }

        return hits;
    }

    private static double? MeanHit(IEnumerable<ItemPrediction> items, Dictionary<ItemPrediction, double> hits, out int count)
    {
        double sum = 0;
        count = 0;
        foreach (ItemPrediction p in items)
        {
            if (hits.TryGetValue(p, out double hit))
            {
                sum += hit;
                count++;
            }
        }

        return count == 0 ? null : sum / count;
    }

    private EvaluationMetrics Score(EvaluationDataset dataset, int shots, int excluded, List<ItemPrediction> predictions, PixelMetrics? pixels, PointMetricsAccumulator? points, double customizeSeconds, ClipSummary? clips, string[] pixelClips)
    {
        double[] scores = [.. predictions.Select(p => p.Score)];
        bool[] labels = [.. predictions.Select(p => p.Item.IsAnomalous)];
        bool[] decisions = [.. predictions.Select(p => p.IsAnomalous)];
        ConfusionCounts confusion = BinaryClassificationMetrics.Confusion(decisions, labels);

        // Hits only where every item has a map on the mask grid (the same condition as the pixel metrics).
        Dictionary<ItemPrediction, double> hits = pixels is null ? [] : Hits(predictions);
        List<ItemPrediction> normals = [.. predictions.Where(p => !p.Item.IsAnomalous)];
        var perType = new SortedDictionary<string, DefectTypeMetrics>(StringComparer.Ordinal);
        foreach (IGrouping<string, ItemPrediction> group in predictions.Where(p => p.Item.IsAnomalous).GroupBy(p => p.Item.DefectType, StringComparer.Ordinal))
        {
            List<ItemPrediction> subset = [.. group, .. normals];
            double[] s = [.. subset.Select(p => p.Score)];
            bool[] l = [.. subset.Select(p => p.Item.IsAnomalous)];
            perType[group.Key] = new DefectTypeMetrics(
                group.Count(),
                normals.Count,
                BinaryClassificationMetrics.Auroc(s, l),
                BinaryClassificationMetrics.AveragePrecision(s, l),
                group.Count(p => p.IsAnomalous))
            {
                HitRate = MeanHit(group, hits, out int typeHitCount),
                HitRateCount = typeHitCount,
            };
        }

        int anomalous = predictions.Count - normals.Count;
        F1MaxResult? f1Max = BinaryClassificationMetrics.F1Max(scores, labels);
        double? f1Trivial = BinaryClassificationMetrics.FlagEverythingF1(anomalous, normals.Count);

        return new EvaluationMetrics
        {
            Category = dataset.Category,
            Layout = DatasetReader.GetLayoutName(dataset.Layout),
            Shots = shots,
            ShotsRequested = _options.Shots,
            Seed = _options.Seed,
            Reasoner = _options.ReasonerName,
            ReasonerDescription = _options.ReasonerDescription,
            NormalCount = normals.Count,
            AnomalousCount = anomalous,
            ExcludedCount = excluded,
            ImageAuroc = BinaryClassificationMetrics.Auroc(scores, labels),
            ImageAupr = BinaryClassificationMetrics.AveragePrecision(scores, labels),
            F1Max = f1Max,
            F1Trivial = f1Trivial,
            F1MaxIsTrivial = f1Max is { } best && f1Trivial is { } trivial && Math.Abs(best.F1 - trivial) <= 1e-9,
            Accuracy = confusion.Accuracy,
            Confusion = confusion,
            PixelAuroc = pixels?.Auroc,
            AuPro = pixels?.AuPro,
            PointAuroc = points?.Auroc(),
            PointCount = points?.Count ?? 0,
            HitRate = MeanHit(predictions, hits, out int hitCount),
            HitRateCount = hitCount,
            AuProFalsePositiveRateLimit = _options.AuProFalsePositiveRateLimit,
            PixelResolution = _options.PixelResolution,
            MillisecondsPerImage = predictions.Count == 0 ? 0 : predictions.Average(p => p.Milliseconds),
            CustomizeSeconds = customizeSeconds,
            PerDefectType = perType,
            PerClip = clips?.PerClip ?? new Dictionary<string, ClipMetrics>(),
            MeanClipAuroc = clips?.MeanAuroc,
            TemporalSmoothingRadius = _options.TemporalSmoothingRadius,
            SmoothedImageAuroc = clips?.SmoothedPooledAuroc,
            MeanSmoothedClipAuroc = clips?.MeanSmoothedAuroc,
            PixelMetricsClips = pixelClips,
        };
    }
}
