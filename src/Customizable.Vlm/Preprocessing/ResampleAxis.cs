namespace Customizable.Vlm.Preprocessing;

/// <summary>
/// Precomputed triangle-filter taps for one axis: for each output sample the first source index, the number of taps and the
/// normalised weights. Immutable once built, so it can be shared between threads.
/// </summary>
internal sealed class ResampleAxis
{
    private ResampleAxis(int[] start, int[] count, float[] weights, int maxTaps, int first, int end)
    {
        Start = start;
        Count = count;
        Weights = weights;
        MaxTaps = maxTaps;
        First = first;
        End = end;
    }

    /// <summary>Gets, per output sample, the first source index that contributes.</summary>
    public int[] Start { get; }

    /// <summary>Gets, per output sample, the number of contributing source samples (at least 1).</summary>
    public int[] Count { get; }

    /// <summary>Gets the weights, <see cref="MaxTaps"/> per output sample (unused slots are 0); each sample's weights sum to 1.</summary>
    public float[] Weights { get; }

    /// <summary>Gets the stride of <see cref="Weights"/> between output samples.</summary>
    public int MaxTaps { get; }

    /// <summary>Gets the smallest source index any output sample reads.</summary>
    public int First { get; }

    /// <summary>Gets one past the largest source index any output sample reads.</summary>
    public int End { get; }

    /// <summary>Gets the number of output samples.</summary>
    public int Length => Start.Length;

    /// <summary>
    /// Builds the taps. Output sample <c>i</c> is centred at source position <c>c = (i + firstOutput + 0.5) * scale + offset - 0.5</c>;
    /// source sample <c>j</c> gets weight <c>max(0, 1 - |j - c| / s)</c> with <c>s = max(scale, 1)</c>, so the triangle's support
    /// widens with the downscale factor (antialiasing) and is plain linear interpolation when upscaling. Samples outside the source
    /// are dropped and the remaining weights renormalised (clamp-to-edge behaviour for linear interpolation).
    /// </summary>
    /// <param name="sourceSize">Number of source samples.</param>
    /// <param name="outputCount">Number of output samples to compute.</param>
    /// <param name="firstOutput">Index of the first computed output sample in tensor coordinates.</param>
    /// <param name="scale">Source samples per output sample.</param>
    /// <param name="offset">Offset in source samples (see <see cref="PreprocessGeometry"/>).</param>
    /// <returns>The table.</returns>
    public static ResampleAxis Build(int sourceSize, int outputCount, int firstOutput, double scale, double offset)
    {
        double support = Math.Max(scale, 1.0);
        int maxTaps = 1;
        var start = new int[outputCount];
        var count = new int[outputCount];
        for (int i = 0; i < outputCount; i++)
        {
            Window(i, out int lo, out int hi);
            start[i] = lo;
            count[i] = hi - lo + 1;
            maxTaps = Math.Max(maxTaps, hi - lo + 1);
        }

        var weights = new float[outputCount * maxTaps];
        int first = int.MaxValue;
        int end = 0;
        for (int i = 0; i < outputCount; i++)
        {
            double c = ((i + firstOutput + 0.5) * scale) + offset - 0.5;
            int lo = start[i];
            int n = count[i];
            double sum = 0;
            for (int k = 0; k < n; k++)
            {
                sum += Triangle((lo + k - c) / support);
            }

            if (sum <= 0)
            {
                // Cannot happen for centres inside [-0.5, sourceSize - 0.5]; fall back to the nearest sample for safety.
                int nearest = Math.Clamp((int)Math.Round(c), 0, sourceSize - 1);
                start[i] = nearest;
                count[i] = 1;
                weights[i * maxTaps] = 1f;
                lo = nearest;
                n = 1;
            }
            else
            {
                for (int k = 0; k < n; k++)
                {
                    weights[(i * maxTaps) + k] = (float)(Triangle((lo + k - c) / support) / sum);
                }
            }

            first = Math.Min(first, lo);
            end = Math.Max(end, lo + n);
        }

        return new ResampleAxis(start, count, weights, maxTaps, first, end);

        void Window(int i, out int lo, out int hi)
        {
            double c = ((i + firstOutput + 0.5) * scale) + offset - 0.5;

            // Strictly positive weights only: |j - c| < support.
            lo = Math.Max(0, (int)Math.Floor(c - support) + 1);
            hi = Math.Min(sourceSize - 1, (int)Math.Ceiling(c + support) - 1);
            if (hi < lo)
            {
                int nearest = Math.Clamp((int)Math.Round(c), 0, sourceSize - 1);
                lo = nearest;
                hi = nearest;
            }
        }
    }

    private static double Triangle(double t)
    {
        t = Math.Abs(t);
        return t < 1.0 ? 1.0 - t : 0.0;
    }
}
