using System.Buffers;
using System.Diagnostics;
using System.Numerics.Tensors;
using Customizable.Vlm.Anomaly;
using Customizable.Vlm.Onnx.Tuning;
using Customizable.Vlm.Preprocessing;

namespace Customizable.Vlm.Onnx;

public sealed partial class FeatureReasoner
{
    /// <summary>Images whose patches fit the principal-component projection of a mutual scoring run.</summary>
    private const int MutualProjectionImages = 16;

    /// <summary>
    /// Scores a batch of unlabelled images against each other, for when no known-good reference exists (zero-shot, in the manner of
    /// mutual scoring): each patch of an image is compared with its nearest patch in each of several other images of the batch, and
    /// the smallest of those distances are averaged. A defect that only a few parts show finds no close match; what most parts share
    /// counts as normal. Images are then ranked against the batch: outliers lie far above its median.
    /// </summary>
    /// <param name="images">The batch, at least 3 images of the same kind of part, in the same pose and framing.</param>
    /// <param name="options">Options; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the work between images.</param>
    /// <returns>One score per image, in batch order, with the batch statistics.</returns>
    /// <remarks>
    /// <para>Assumes most parts of the batch are normal, as on a production line: when defects are the majority, the ranking still
    /// holds where each kind of defect is rare, but the outlier flag (relative to the batch's median) flags fewer of them.</para>
    /// <para>Cost: feature extraction of every image, then <c>images × MaxComparisons</c> nearest-neighbour searches of one image's
    /// patches against another's (on the projected features, see <see cref="FeatureReasonerOptions.ProjectionDimensions"/>),
    /// parallel over images with <see cref="FeatureReasonerOptions.SearchParallelism"/> threads. Memory: the projected patches of
    /// the whole batch (about 0.4 MB per image with the defaults). Runs on the thread pool; the resize mode and normalisation are the
    /// options' pinned values or the defaults (no self-tuning: there is nothing normal to tune on).</para>
    /// </remarks>
    /// <exception cref="ArgumentException">Fewer than 3 images.</exception>
    /// <exception cref="ObjectDisposedException">The reasoner is disposed.</exception>
    public Task<MutualScoringResult> ScoreMutuallyAsync(IReadOnlyList<RawFrame> images, MutualScoringOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count < 3)
        {
            throw new ArgumentException($"Mutual scoring needs at least 3 images; got {images.Count}.", nameof(images));
        }

        for (int i = 0; i < images.Count; i++)
        {
            if (images[i] is null)
            {
                throw new ArgumentException($"Image {i} is null.", nameof(images));
            }
        }

        MutualScoringOptions settings = options?.Clone() ?? new MutualScoringOptions();
        settings.Validate();
        return Task.Run(
            () =>
            {
                using Threading.UsageGate.Lease lease = _gate.Enter();
                return ScoreMutually(images, settings, cancellationToken);
            },
            cancellationToken);
    }

    private MutualScoringResult ScoreMutually(IReadOnlyList<RawFrame> images, MutualScoringOptions options, CancellationToken cancellationToken)
    {
        long started = Stopwatch.GetTimestamp();
        int n = images.Count;
        int patches = _resolution.PatchesPerImage;
        var featureSettings = new FeatureSettings(_options.ResizeMode ?? FeatureSettings.Fallback.ResizeMode, _options.NormalizeFeatures ?? FeatureSettings.Fallback.Normalize) { PerLayer = _options.NormalizeLayersSeparately };

        // Features of the whole batch, projected as they are extracted so that only the projected rows are kept.
        (float[] rows, int dimensions) = ExtractProjected(images, featureSettings, cancellationToken);
        var banks = new PatchMemoryBank[n];
        for (int j = 0; j < n; j++)
        {
            banks[j] = PatchMemoryBank.Create(rows.AsSpan(j * patches * dimensions, patches * dimensions), patches, dimensions);
        }

        int comparisons = options.MaxComparisons == 0 ? n - 1 : Math.Min(options.MaxComparisons, n - 1);
        int kept = Math.Max(1, (int)Math.Round(options.NeighbourFraction * comparisons));
        var rawMaps = new float[n][];
        var rawScores = new double[n];
        var geometries = new PreprocessGeometry[n];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.SearchParallelism, CancellationToken = cancellationToken };
        Parallel.For(0, n, parallel, i =>
        {
            float[] distances = ArrayPool<float>.Shared.Rent(comparisons * patches);
            float[] column = ArrayPool<float>.Shared.Rent(comparisons);
            float[] patchScores = ArrayPool<float>.Shared.Rent(patches);
            try
            {
                ReadOnlySpan<float> query = rows.AsSpan(i * patches * dimensions, patches * dimensions);
                for (int t = 0; t < comparisons; t++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    int j = ComparedImage(i, t, n, comparisons);
                    banks[j].NearestSquaredDistances(query, patches, distances.AsSpan(t * patches, patches));
                }

                // Each patch: the mean of its smallest nearest-patch distances over the compared images.
                for (int p = 0; p < patches; p++)
                {
                    Span<float> values = column.AsSpan(0, comparisons);
                    for (int t = 0; t < comparisons; t++)
                    {
                        values[t] = distances[(t * patches) + p];
                    }

                    values.Sort();
                    Span<float> smallest = values[..kept];
                    TensorPrimitives.Sqrt(smallest, smallest);
                    patchScores[p] = TensorPrimitives.Sum(smallest) / kept;
                }

                PreprocessGeometry g = PreprocessorFor(featureSettings).GetGeometry(images[i].Width, images[i].Height);
                float[] map = new float[g.TensorWidth * g.TensorHeight];
                RawMap(_resolution, patchScores.AsSpan(0, patches), g, map, _options.EdgePatchRings ?? 0);
                rawMaps[i] = map;
                rawScores[i] = ImageScore(map, g);
                geometries[i] = g;
            }
            finally
            {
                ArrayPool<float>.Shared.Return(distances);
                ArrayPool<float>.Shared.Return(column);
                ArrayPool<float>.Shared.Return(patchScores);
            }
        });

        (double median, double spread) = RobustCentre(rawScores);
        var scores = new MutualScore[n];
        for (int i = 0; i < n; i++)
        {
            double z = (rawScores[i] - median) / spread;
            float[] map = rawMaps[i];
            for (int k = 0; k < map.Length; k++)
            {
                map[k] = (float)Logistic(((map[k] - median) / spread) - options.OutlierThreshold);
            }

            PreprocessGeometry g = geometries[i];
            var gridToView = new ImageProvenance(images[i].Width, images[i].Height, g.ScaleX, g.ScaleY, g.OffsetX, g.OffsetY);
            scores[i] = new MutualScore(i, Logistic(z - options.OutlierThreshold), rawScores[i], z, z >= options.OutlierThreshold, new AnomalyMap(map, g.TensorWidth, g.TensorHeight, gridToView));
        }

        return new MutualScoringResult(scores, median, spread, comparisons, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>The <paramref name="t"/>-th image compared with image <paramref name="i"/>: evenly spread over the others.</summary>
    internal static int ComparedImage(int i, int t, int count, int comparisons) =>
        (int)((i + 1 + ((long)t * (count - 1) / comparisons)) % count);

    private (float[] Rows, int Dimensions) ExtractProjected(IReadOnlyList<RawFrame> images, FeatureSettings settings, CancellationToken cancellationToken)
    {
        int n = images.Count;
        int patches = _resolution.PatchesPerImage;
        if (!UsesProjection)
        {
            return (ExtractPatches(images, settings, cancellationToken), _dimensions);
        }

        int first = Math.Min(n, MutualProjectionImages);
        float[] head = ExtractPatches([.. images.Take(first)], settings, cancellationToken);
        PatchProjection projection = PatchProjection.Fit(head, first * patches, _dimensions, _options.ProjectionDimensions, cancellationToken: cancellationToken);
        int d = projection.OutputDimensions;
        float[] rows = new float[(long)n * patches * d];
        projection.Project(head, first * patches, rows);
        float[] chunk = new float[_options.BatchSize * patches * _dimensions];
        for (int start = first; start < n; start += _options.BatchSize)
        {
            int count = Math.Min(_options.BatchSize, n - start);
            Span<float> features = chunk.AsSpan(0, count * patches * _dimensions);
            ExtractPatches([.. images.Skip(start).Take(count)], features, settings, cancellationToken);
            projection.Project(features, count * patches, rows.AsSpan(start * patches * d, count * patches * d));
        }

        return (rows, d);
    }

    private static (double Median, double Spread) RobustCentre(double[] values)
    {
        double median = Median(values);
        double spread = 1.4826 * Median(values.Select(v => Math.Abs(v - median)));
        // Identical images give no spread: fall back to a sliver of the median so that scores stay finite.
        return (median, Math.Max(spread, Math.Max(Math.Abs(median) * 1e-3, 1e-6)));
    }

    private static double Logistic(double x) => 1 / (1 + Math.Exp(-x));
}
