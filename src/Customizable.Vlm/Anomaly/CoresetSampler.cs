using System.Numerics.Tensors;

namespace Customizable.Vlm.Anomaly;

/// <summary>Greedy k-center coreset selection: picks features that cover the whole set, so a smaller memory bank keeps its reach.</summary>
/// <remarks>
/// <para>Distances are computed on a fixed random projection (Johnson-Lindenstrauss, Rademacher entries) to keep selection fast; the
/// seed makes the selection reproducible.</para>
/// <para>The greedy search is exact (the same picks, in the same order, as measuring every feature against every new pick with the
/// same distance kernel) but prunes by the triangle inequality. Every feature belongs to the cluster of its nearest pick. A new pick
/// <c>p</c> measures only the clusters whose pick <c>c</c> is nearer than twice the cluster's radius (a 32-coordinate prefix of the
/// projection gives a cheap lower bound first), and in those only the members <c>i</c> with <c>d(p, c) &lt; 2 d(i, c)</c>: any
/// other member is at least as near to its own pick. Selecting 12,544 of 250,880 patches, the cluster bound alone left a tenth of the
/// exhaustive search's measurements, and the member bound cut the time a further 4.6x (docs/performance.md). The projection and the large early scans run on up to <see cref="Environment.ProcessorCount"/>
/// threads of the thread pool; later picks run on the calling thread (handing a small scan to another thread costs more than it
/// saves on a loaded machine).</para>
/// <para>Stateless and thread-safe.</para>
/// </remarks>
internal static class CoresetSampler
{
    /// <summary>Candidates (distances measured in one pick) above which a pick's measurements are split across threads.</summary>
    private const int ParallelCandidates = 32_768;

    /// <summary>Relative slack on the (squared) pruning bound, far above the rounding error of a distance in single precision.</summary>
    private const float PruneSlack = 1.0002f;

    /// <summary>Selects <paramref name="targetCount"/> feature indices by greedy farthest-point sampling.</summary>
    /// <param name="features">Row-major features, <c>count * dimensions</c> floats.</param>
    /// <param name="count">Number of features.</param>
    /// <param name="dimensions">Length of each feature.</param>
    /// <param name="targetCount">How many to keep, in [1, count].</param>
    /// <param name="projectionDimensions">Dimensions of the random projection used for distances (at most <paramref name="dimensions"/>).
    /// The default 64 selects 320 references' 250,880 ResNet18 patches 1.7x faster than 128 with the same mean coverage and a 2% larger
    /// largest distance to the bank (docs/performance.md).</param>
    /// <param name="seed">Seed of the projection and of the first pick.</param>
    /// <param name="cancellationToken">Checked between picks.</param>
    /// <returns>The selected indices, in selection order.</returns>
    public static int[] Select(ReadOnlySpan<float> features, int count, int dimensions, int targetCount, int projectionDimensions = 64, int seed = 0, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(targetCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(targetCount, count);
        if (features.Length < (long)count * dimensions)
        {
            throw new ArgumentException($"{count} features of {dimensions} values need {(long)count * dimensions} floats, got {features.Length}.", nameof(features));
        }

        if (targetCount == count)
        {
            return Enumerable.Range(0, count).ToArray();
        }

        int pd = Math.Clamp(projectionDimensions, 1, dimensions);
        var random = new Random(seed);
        float[] projection = RandomProjection(pd, dimensions, random);
        float[] projected = Project(features, count, dimensions, projection, pd, rows: null, cancellationToken);
        return new CoresetSearch(projected, count, pd).Run(targetCount, random.Next(count), cancellationToken);
    }

    /// <summary>
    /// Selects <paramref name="targetCount"/> feature indices by greedy farthest-point sampling from a stratified random subsample when
    /// the features far outnumber the target: above <paramref name="subsampleAbove"/> times <paramref name="targetCount"/> features,
    /// every group of <paramref name="groupSize"/> consecutive features (one reference image's patches) contributes the same number of
    /// seeded random features to a subsample of <paramref name="subsampleFactor"/> times <paramref name="targetCount"/>, and the exact
    /// greedy search (<see cref="Select"/>) runs on that subsample; otherwise it is <see cref="Select"/> on every feature.
    /// </summary>
    /// <remarks>The greedy search costs about its candidate count times the picks, so the subsample cuts it by the ratio of the two
    /// sizes; the picks can only cover the features outside the subsample through their neighbours inside it. Selecting 12,544 of
    /// 512,000 patches (320 references at 320 x 320 input) from a 4x subsample is measured in docs/performance.md.</remarks>
    /// <param name="features">Row-major features, <c>count * dimensions</c> floats.</param>
    /// <param name="count">Number of features.</param>
    /// <param name="dimensions">Length of each feature.</param>
    /// <param name="targetCount">How many to keep, in [1, count].</param>
    /// <param name="groupSize">Features per group (per reference image), at least 1; the last group may be shorter.</param>
    /// <param name="subsampleFactor">The subsample's size as a multiple of <paramref name="targetCount"/>, at least 1.</param>
    /// <param name="subsampleAbove">Subsample only when <paramref name="count"/> is above this multiple of <paramref name="targetCount"/>;
    /// at least <paramref name="subsampleFactor"/>.</param>
    /// <param name="projectionDimensions">Dimensions of the random projection used for distances, as for <see cref="Select"/>.</param>
    /// <param name="seed">Seed of the subsample, the projection and the first pick.</param>
    /// <param name="cancellationToken">Checked between picks.</param>
    /// <returns>The selected indices (into all <paramref name="count"/> features), in selection order.</returns>
    public static int[] SelectSubsampled(ReadOnlySpan<float> features, int count, int dimensions, int targetCount, int groupSize, int subsampleFactor = 4, int subsampleAbove = 8, int projectionDimensions = 64, int seed = 0, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(targetCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(targetCount, count);
        ArgumentOutOfRangeException.ThrowIfLessThan(groupSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(subsampleFactor, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(subsampleAbove, subsampleFactor);
        if (features.Length < (long)count * dimensions)
        {
            throw new ArgumentException($"{count} features of {dimensions} values need {(long)count * dimensions} floats, got {features.Length}.", nameof(features));
        }

        if (count <= (long)subsampleAbove * targetCount)
        {
            return Select(features, count, dimensions, targetCount, projectionDimensions, seed, cancellationToken);
        }

        int[] subsample = StratifiedSubsample(count, groupSize, (int)Math.Min(count, (long)subsampleFactor * targetCount), seed);
        int pd = Math.Clamp(projectionDimensions, 1, dimensions);
        var random = new Random(seed);
        float[] projection = RandomProjection(pd, dimensions, random);
        float[] projected = Project(features, subsample.Length, dimensions, projection, pd, subsample, cancellationToken);
        int[] picks = new CoresetSearch(projected, subsample.Length, pd).Run(targetCount, random.Next(subsample.Length), cancellationToken);
        for (int i = 0; i < picks.Length; i++)
        {
            picks[i] = subsample[picks[i]];
        }

        return picks;
    }

    /// <summary><paramref name="size"/> distinct indices in [0, <paramref name="count"/>), ascending, the same number (within one) from
    /// every group of <paramref name="groupSize"/> consecutive indices, chosen at random within each group.</summary>
    internal static int[] StratifiedSubsample(int count, int groupSize, int size, int seed)
    {
        int groups = (int)(((long)count + groupSize - 1) / groupSize);
        var random = new Random(seed);
        int[] result = new int[size];
        int[] order = new int[Math.Min(groupSize, count)];
        int filled = 0;
        for (int g = 0; g < groups; g++)
        {
            int start = g * groupSize;
            int length = Math.Min(groupSize, count - start);
            int take = Math.Min(length, (int)(((long)size * (g + 1) / groups) - ((long)size * g / groups)));

            // A partial Fisher-Yates shuffle of the group picks `take` of its members uniformly at random.
            for (int i = 0; i < length; i++)
            {
                order[i] = start + i;
            }

            for (int i = 0; i < take; i++)
            {
                int j = random.Next(i, length);
                (order[i], order[j]) = (order[j], order[i]);
            }

            Array.Sort(order, 0, take);
            order.AsSpan(0, take).CopyTo(result.AsSpan(filled));
            filled += take;
        }

        // Only a last group shorter than its share can leave the subsample smaller than asked.
        return filled == size ? result : result[..filled];
    }

    /// <summary>A Rademacher projection (entries +-1/sqrt(<paramref name="pd"/>)), <paramref name="pd"/> rows of <paramref name="dimensions"/>.</summary>
    private static float[] RandomProjection(int pd, int dimensions, Random random)
    {
        float[] projection = new float[pd * dimensions];
        float scale = 1f / MathF.Sqrt(pd);
        for (int i = 0; i < projection.Length; i++)
        {
            projection[i] = random.Next(2) == 0 ? -scale : scale;
        }

        return projection;
    }

    private static unsafe float[] Project(ReadOnlySpan<float> features, int count, int dimensions, float[] projection, int pd, int[]? rows, CancellationToken cancellationToken)
    {
        float[] projected = new float[(long)count * pd];
        int sourceLength = features.Length;
        fixed (float* source = features)
        {
            nint address = (nint)source;
            const int chunk = 1024;
            int chunks = (count + chunk - 1) / chunk;
            var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
            Parallel.For(0, chunks, options, c =>
            {
                var all = new ReadOnlySpan<float>((float*)address, sourceLength);
                int end = Math.Min(count, (c + 1) * chunk);
                for (int i = c * chunk; i < end; i++)
                {
                    ReadOnlySpan<float> row = all.Slice((rows is null ? i : rows[i]) * dimensions, dimensions);
                    Span<float> target = projected.AsSpan(i * pd, pd);
                    for (int j = 0; j < pd; j++)
                    {
                        target[j] = TensorPrimitives.Dot(row, projection.AsSpan(j * dimensions, dimensions));
                    }
                }
            });
        }

        return projected;
    }

    /// <summary>The state of one greedy search: each feature's squared distance to its nearest pick, and the features grouped by that
    /// pick (cluster <c>a</c> belongs to the <c>a</c>-th pick, whose projected feature is row <c>a</c> of the centres).</summary>
    private sealed class CoresetSearch(float[] projected, int count, int dimensions)
    {
        private readonly float[] _nearest = new float[count];
        private readonly List<Cluster> _clusters = [];
        private readonly ParallelOptions _parallel = new() { MaxDegreeOfParallelism = Environment.ProcessorCount };
        /// <summary>Coordinates of the cheap lower bound on the distance between picks.</summary>
        private readonly int _prefixDimensions = Math.Min(dimensions, 32);
        private float[] _centres = new float[64 * dimensions];
        private float[] _centreDistances = new float[64];
        private float[] _candidateDistances = [];
        private int[] _candidates = [];

        public int[] Run(int targetCount, int first, CancellationToken cancellationToken)
        {
            _parallel.CancellationToken = cancellationToken;
            _nearest.AsSpan().Fill(float.PositiveInfinity);
            var everything = new Cluster(-1) { Members = [.. Enumerable.Range(0, count)], Count = count, Radius = float.PositiveInfinity };
            int[] selected = new int[targetCount];
            int current = first;
            for (int s = 0; s < targetCount; s++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                selected[s] = current;
                Pick(current, s == 0 ? [(everything, float.PositiveInfinity)] : Affected(current));
                current = Farthest();
            }

            return selected;
        }

        private ReadOnlySpan<float> Row(int index) => projected.AsSpan(index * dimensions, dimensions);

        /// <summary>The clusters the new pick may take members from (those whose pick is nearer than twice their radius), with the
        /// squared distance between the two picks.</summary>
        private List<(Cluster Cluster, float CentreDistance)> Affected(int pick)
        {
            int k = _clusters.Count;
            if (_centreDistances.Length < k)
            {
                Array.Resize(ref _centreDistances, Math.Max(k, _centreDistances.Length * 2));
            }

            if (_centres.Length < (k + 1) * dimensions)
            {
                Array.Resize(ref _centres, _centres.Length * 2);
            }

            float[] distances = _centreDistances;
            CentreDistances(pick, 0, k, distances);

            var affected = new List<(Cluster, float)>();
            for (int a = 0; a < k; a++)
            {
                Cluster cluster = _clusters[a];
                if (cluster.Radius > 0 && distances[a] < 4 * cluster.Radius * PruneSlack)
                {
                    affected.Add((cluster, distances[a]));
                }
            }

            return affected;
        }

        private void CentreDistances(int pick, int start, int end, float[] distances)
        {
            // A prefix of the coordinates gives a lower bound of the squared distance that already rules out most far picks.
            ReadOnlySpan<float> centre = Row(pick);
            ReadOnlySpan<float> head = centre[.._prefixDimensions], tail = centre[_prefixDimensions..];
            ReadOnlySpan<float> centres = _centres;
            for (int a = start; a < end; a++)
            {
                float radius = _clusters[a].Radius;
                if (radius <= 0)
                {
                    distances[a] = float.PositiveInfinity;
                    continue;
                }

                ReadOnlySpan<float> row = centres.Slice(a * dimensions, dimensions);
                float partial = SquaredDistance.Between(head, row);
                distances[a] = partial >= 4 * radius * PruneSlack ? partial : partial + SquaredDistance.Between(tail, row[_prefixDimensions..]);
            }
        }

        /// <summary>Measures the members of <paramref name="affected"/> against the new pick and moves those it is nearer to into its cluster.</summary>
        /// <remarks>A member <c>i</c> of a cluster with pick <c>c</c> is measured only when the new pick <c>p</c> is nearer to <c>c</c> than
        /// twice <c>d(i, c)</c>: otherwise <c>d(i, p) &gt;= d(p, c) - d(i, c) &gt;= d(i, c)</c> and it stays.</remarks>
        private void Pick(int pick, List<(Cluster Cluster, float CentreDistance)> affected)
        {
            int members = 0;
            foreach ((Cluster cluster, _) in affected)
            {
                members += cluster.Count;
            }

            if (_candidates.Length < members)
            {
                _candidates = new int[Math.Max(members, _candidates.Length * 2)];
                _candidateDistances = new float[_candidates.Length];
            }

            int candidates = 0;
            foreach ((Cluster cluster, float centreDistance) in affected)
            {
                for (int m = 0; m < cluster.Count; m++)
                {
                    int i = cluster.Members[m];
                    if (MayMove(i, centreDistance))
                    {
                        _candidates[candidates++] = i;
                    }
                }
            }

            int[] indices = _candidates;
            float[] measured = _candidateDistances;
            if (candidates >= ParallelCandidates)
            {
                Parallel.For(0, _parallel.MaxDegreeOfParallelism, _parallel, part =>
                {
                    (int start, int end) = Range(candidates, part, _parallel.MaxDegreeOfParallelism);
                    Measure(pick, indices, start, end, measured);
                });
            }
            else
            {
                Measure(pick, indices, 0, candidates, measured);
            }

            var owned = new Cluster(pick);
            var moved = new List<int>();
            int offset = 0;
            foreach ((Cluster cluster, float centreDistance) in affected)
            {
                int kept = 0;
                cluster.Radius = -1;
                cluster.Farthest = -1;
                for (int m = 0; m < cluster.Count; m++)
                {
                    int i = cluster.Members[m];
                    float d = MayMove(i, centreDistance) ? measured[offset++] : float.PositiveInfinity;
                    if (d < _nearest[i])
                    {
                        _nearest[i] = d;
                        moved.Add(i);
                    }
                    else
                    {
                        cluster.Members[kept++] = i;
                        cluster.Consider(i, _nearest[i]);
                    }
                }

                cluster.Count = kept;
            }

            owned.Members = [.. moved];
            owned.Count = owned.Members.Length;
            foreach (int i in owned.Members)
            {
                owned.Consider(i, _nearest[i]);
            }

            Row(pick).CopyTo(_centres.AsSpan(_clusters.Count * dimensions, dimensions));
            _clusters.Add(owned);
        }

        private bool MayMove(int index, float centreDistance) => centreDistance <= 4 * _nearest[index] * PruneSlack;

        private void Measure(int pick, int[] indices, int start, int end, float[] measured)
        {
            ReadOnlySpan<float> centre = Row(pick);
            for (int c = start; c < end; c++)
            {
                measured[c] = SquaredDistance.Between(centre, Row(indices[c]));
            }
        }

        /// <summary>The feature farthest from its nearest pick; ties go to the lowest index.</summary>
        private int Farthest()
        {
            float best = -1;
            int farthest = -1;
            foreach (Cluster cluster in _clusters)
            {
                if (cluster.Farthest >= 0 && (cluster.Radius > best || (cluster.Radius == best && cluster.Farthest < farthest)))
                {
                    best = cluster.Radius;
                    farthest = cluster.Farthest;
                }
            }

            return farthest;
        }

        private static (int Start, int End) Range(int length, int part, int parts) =>
            ((int)((long)length * part / parts), (int)((long)length * (part + 1) / parts));
    }

    /// <summary>The features whose nearest pick is <see cref="Centre"/>, with the largest of their distances to it.</summary>
    private sealed class Cluster(int centre)
    {
        public int Centre { get; } = centre;

        public int[] Members { get; set; } = [];

        public int Count { get; set; }

        /// <summary>The largest squared distance of a member to its nearest pick; -1 when empty.</summary>
        public float Radius { get; set; } = -1;

        /// <summary>The member at <see cref="Radius"/> with the lowest index; -1 when empty.</summary>
        public int Farthest { get; set; } = -1;

        public void Consider(int index, float distance)
        {
            if (distance > Radius || (distance == Radius && index < Farthest))
            {
                Radius = distance;
                Farthest = index;
            }
        }
    }
}
