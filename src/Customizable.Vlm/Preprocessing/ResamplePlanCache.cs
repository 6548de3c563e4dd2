namespace Customizable.Vlm.Preprocessing;

/// <summary>
/// A small most-recently-added cache of <see cref="ResamplePlan"/>s keyed by source size. Lock-free: readers scan an immutable
/// snapshot array; writers publish a new snapshot with compare-and-swap. A hit allocates nothing.
/// </summary>
internal sealed class ResamplePlanCache
{
    private const int Capacity = 8;
    private readonly TensorPreprocessorOptions _options;
    private ResamplePlan[] _plans = [];

    public ResamplePlanCache(TensorPreprocessorOptions options) => _options = options;

    public ResamplePlan Get(int sourceWidth, int sourceHeight)
    {
        ResamplePlan[] snapshot = Volatile.Read(ref _plans);
        foreach (ResamplePlan plan in snapshot)
        {
            if (plan.SourceWidth == sourceWidth && plan.SourceHeight == sourceHeight)
            {
                return plan;
            }
        }

        var created = new ResamplePlan(_options, sourceWidth, sourceHeight);
        while (true)
        {
            int keep = Math.Min(snapshot.Length, Capacity - 1);
            var next = new ResamplePlan[keep + 1];
            next[0] = created;
            Array.Copy(snapshot, 0, next, 1, keep);
            ResamplePlan[] seen = Interlocked.CompareExchange(ref _plans, next, snapshot);
            if (ReferenceEquals(seen, snapshot))
            {
                return created;
            }

            snapshot = seen;
            foreach (ResamplePlan plan in snapshot)
            {
                if (plan.SourceWidth == sourceWidth && plan.SourceHeight == sourceHeight)
                {
                    return plan;
                }
            }
        }
    }
}
