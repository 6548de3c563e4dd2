namespace Customizable.Vlm.Evaluation.Metrics;

/// <summary>
/// Collects per-pixel anomaly scores and ground truth image by image, then computes pixel AUROC and AU-PRO over all of them.
/// </summary>
/// <remarks>
/// <para>AU-PRO follows MVTec AD: each connected ground-truth region (8-connectivity, per image) has an overlap with the thresholded
/// map; PRO at a threshold is the mean overlap over all regions of all images, FPR the fraction of all normal pixels (of normal and
/// anomalous images) above the threshold. The PRO-over-FPR curve is integrated with the trapezoid rule up to the FPR limit
/// (interpolated at the limit) and divided by the limit. Ties form one threshold step, as in pixel AUROC.</para>
/// <para>Memory: about 8 bytes per pixel added, plus 8 per pixel while computing. Callers evaluate at a reduced resolution for large
/// sets (the evaluation runner uses a longer side of 256 pixels by default).</para>
/// <para>Not thread-safe: add from one thread at a time.</para>
/// </remarks>
public sealed class PixelMetricsAccumulator
{
    private readonly List<float> _scores = [];
    private readonly List<int> _regions = [];
    private readonly List<long> _regionSizes = [];
    private long _anomalousPixels;

    /// <summary>Gets the number of pixels added.</summary>
    public long PixelCount => _scores.Count;

    /// <summary>Gets the number of anomalous ground-truth pixels added.</summary>
    public long AnomalousPixelCount => _anomalousPixels;

    /// <summary>Gets the number of connected ground-truth regions added.</summary>
    public int RegionCount => _regionSizes.Count;

    /// <summary>Adds one image.</summary>
    /// <param name="scores">One finite anomaly score per pixel, row-major (higher is more anomalous).</param>
    /// <param name="groundTruth">One flag per pixel, row-major: true for anomalous pixels.</param>
    /// <param name="width">The width in pixels.</param>
    /// <param name="height">The height in pixels.</param>
    /// <exception cref="ArgumentException">A length is not <c>width * height</c> or a score is NaN.</exception>
    public void Add(ReadOnlySpan<float> scores, ReadOnlySpan<bool> groundTruth, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        long count = (long)width * height;
        if (scores.Length != count || groundTruth.Length != count)
        {
            throw new ArgumentException($"A {width}x{height} image needs {count} scores and flags, got {scores.Length} and {groundTruth.Length}.", nameof(scores));
        }

        foreach (float s in scores)
        {
            if (float.IsNaN(s))
            {
                throw new ArgumentException("A pixel score is NaN.", nameof(scores));
            }
        }

        int[] labels = LabelRegions(groundTruth, width, height, out int[] sizes);
        int first = _regionSizes.Count;
        foreach (int size in sizes)
        {
            _regionSizes.Add(size);
            _anomalousPixels += size;
        }

        for (int i = 0; i < scores.Length; i++)
        {
            _scores.Add(scores[i]);
            _regions.Add(labels[i] < 0 ? -1 : first + labels[i]);
        }
    }

    /// <summary>Computes pixel AUROC and AU-PRO over everything added.</summary>
    /// <param name="maxFalsePositiveRate">The FPR limit of AU-PRO, in (0, 1]; 0.3 as in MVTec AD.</param>
    /// <returns>The metrics; undefined ones are null.</returns>
    public PixelMetrics Compute(double maxFalsePositiveRate = 0.3)
    {
        if (!(maxFalsePositiveRate > 0 && maxFalsePositiveRate <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(maxFalsePositiveRate), maxFalsePositiveRate, "The limit must be in (0, 1].");
        }

        long total = _scores.Count;
        long positives = _anomalousPixels;
        long negatives = total - positives;
        int regionCount = _regionSizes.Count;
        if (total == 0 || positives == 0 || negatives == 0)
        {
            return new PixelMetrics(null, null, maxFalsePositiveRate, total, regionCount);
        }

        float[] keys = [.. _scores];
        int[] order = new int[keys.Length];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(keys, order);
        double[] regionWeight = [.. _regionSizes.Select(size => 1.0 / ((double)size * regionCount))];

        double rocArea = 0;
        long truePositives = 0, falsePositives = 0;
        double proArea = 0, pro = 0, fpr = 0;
        bool proDone = false;
        for (int end = keys.Length - 1; end >= 0;)
        {
            int start = end;
            while (start > 0 && keys[start - 1] == keys[end])
            {
                start--;
            }

            long p = 0;
            double proGain = 0;
            for (int i = start; i <= end; i++)
            {
                int region = _regions[order[i]];
                if (region >= 0)
                {
                    p++;
                    proGain += regionWeight[region];
                }
            }

            long n = end - start + 1 - p;
            rocArea += n * (truePositives + (p / 2.0));
            truePositives += p;
            falsePositives += n;

            if (!proDone)
            {
                double nextFpr = (double)falsePositives / negatives;
                double nextPro = pro + proGain;
                if (nextFpr <= maxFalsePositiveRate)
                {
                    proArea += (nextFpr - fpr) * (pro + nextPro) / 2;
                }
                else
                {
                    double t = (maxFalsePositiveRate - fpr) / (nextFpr - fpr);
                    double proAtLimit = pro + (t * (nextPro - pro));
                    proArea += (maxFalsePositiveRate - fpr) * (pro + proAtLimit) / 2;
                    proDone = true;
                }

                fpr = nextFpr;
                pro = nextPro;
            }

            end = start - 1;
        }

        double auroc = rocArea / ((double)positives * negatives);
        double auPro = Math.Clamp(proArea / maxFalsePositiveRate, 0, 1);
        return new PixelMetrics(auroc, auPro, maxFalsePositiveRate, total, regionCount);
    }

    /// <summary>Labels the 8-connected regions of a mask; -1 for normal pixels.</summary>
    internal static int[] LabelRegions(ReadOnlySpan<bool> mask, int width, int height, out int[] sizes)
    {
        int[] labels = new int[mask.Length];
        Array.Fill(labels, -1);
        var regionSizes = new List<int>();
        var stack = new Stack<int>();
        for (int seed = 0; seed < mask.Length; seed++)
        {
            if (!mask[seed] || labels[seed] >= 0)
            {
                continue;
            }

            int label = regionSizes.Count;
            int size = 0;
            labels[seed] = label;
            stack.Push(seed);
            while (stack.Count > 0)
            {
                int at = stack.Pop();
                size++;
                int x = at % width, y = at / width;
                for (int dy = -1; dy <= 1; dy++)
                {
                    int ny = y + dy;
                    if ((uint)ny >= (uint)height)
                    {
                        continue;
                    }

                    for (int dx = -1; dx <= 1; dx++)
                    {
                        int nx = x + dx;
                        int next = (ny * width) + nx;
                        if ((uint)nx < (uint)width && mask[next] && labels[next] < 0)
                        {
                            labels[next] = label;
                            stack.Push(next);
                        }
                    }
                }
            }

            regionSizes.Add(size);
        }

        sizes = [.. regionSizes];
        return labels;
    }
}
