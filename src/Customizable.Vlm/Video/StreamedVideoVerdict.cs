namespace Customizable.Vlm.Video;

/// <summary>
/// Merges the verdicts of the batches of one streamed video into one verdict, keeping what stays small: every view's score and
/// geometry, each view's strongest region (its mask only while the view is among the <c>mapLimit</c> highest-scoring views), the
/// anomaly maps of those views, and the text of the highest-scoring batch. Memory grows by a few dozen bytes per view.
/// </summary>
/// <remarks>Not thread-safe: one instance per inspection.</remarks>
internal sealed class StreamedVideoVerdict
{
    private readonly int _mapLimit;
    private readonly List<double> _scores = [];
    private readonly List<FrameViewGeometry> _geometry = [];
    private readonly List<AnomalyRegion?> _strongest = [];
    private readonly PriorityQueue<AnomalyMap?, (double Score, int View)> _kept = new();
    private AnomalyVerdict? _best;

    /// <summary>Initializes a new accumulator that keeps at most <paramref name="mapLimit"/> anomaly maps (and region masks).</summary>
    public StreamedVideoVerdict(int mapLimit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(mapLimit);
        _mapLimit = mapLimit;
    }

    /// <summary>Gets how many views were added.</summary>
    public int ViewCount => _scores.Count;

    /// <summary>Gets the geometry of every view added, in order.</summary>
    public IReadOnlyList<FrameViewGeometry> Geometry => _geometry;

    /// <summary>Adds the verdict of one batch whose query views were <paramref name="views"/> (regions already located in the video).</summary>
    public void Add(AnomalyVerdict verdict, IReadOnlyList<EncodedView> views)
    {
        int offset = _scores.Count;
        for (int i = 0; i < views.Count; i++)
        {
            _geometry.Add(FrameViewGeometry.Of(views[i]) ?? throw new InvalidOperationException("A streamed video view has no single-frame provenance."));
            _scores.Add(verdict.ViewScores.Count == views.Count ? verdict.ViewScores[i] : verdict.Score);
            _strongest.Add(null);
        }

        foreach (AnomalyRegion region in verdict.Regions)
        {
            if (region.ViewIndex < 0 || region.ViewIndex >= views.Count)
            {
                continue;
            }

            int view = offset + region.ViewIndex;
            if (_strongest[view] is not { } current || (region.Score ?? 0) > (current.Score ?? 0))
            {
                _strongest[view] = Moved(region, view, region.Mask);
            }
        }

        var maps = new AnomalyMap?[views.Count];
        foreach (AnomalyMap map in verdict.AnomalyMaps)
        {
            if (map.ViewIndex >= 0 && map.ViewIndex < views.Count)
            {
                maps[map.ViewIndex] = new AnomalyMap(map.GridValues, map.GridWidth, map.GridHeight, map.GridToView, offset + map.ViewIndex);
            }
        }

        for (int i = 0; i < views.Count; i++)
        {
            Keep(maps[i], offset + i);
        }

        if (_best is null || verdict.Score > _best.Score)
        {
            _best = verdict;
        }
    }

    /// <summary>The merged verdict (before <see cref="TemporalSegments"/> turns it into segments).</summary>
    public AnomalyVerdict ToVerdict()
    {
        AnomalyVerdict best = _best ?? throw new InvalidOperationException("No batch was added.");
        return new AnomalyVerdict
        {
            Score = best.Score,
            IsAnomalous = best.IsAnomalous,
            Reasoning = best.Reasoning,
            Status = best.Status,
            ModelId = best.ModelId,
            DefectType = best.DefectType,
            RawText = best.RawText,
            AdditionalProperties = best.AdditionalProperties,
            ViewScores = [.. _scores],
            Regions = [.. _strongest.Where(r => r is not null).Select(r => r!)],
            AnomalyMaps = [.. _kept.UnorderedItems.Select(e => e.Element).Where(m => m is not null).Select(m => m!).OrderBy(m => m.ViewIndex)],
        };
    }

    /// <summary>Keeps the view's map (and its region's mask) while the view is among the highest-scoring <c>mapLimit</c>.</summary>
    private void Keep(AnomalyMap? map, int view)
    {
        if (_mapLimit == 0)
        {
            Strip(view);
            return;
        }

        (double Score, int View) priority = (_scores[view], -view);
        if (_kept.Count < _mapLimit)
        {
            _kept.Enqueue(map, priority);
            return;
        }

        _kept.TryPeek(out _, out (double Score, int View) lowest);
        if (priority.CompareTo(lowest) <= 0)
        {
            Strip(view);
            return;
        }

        _kept.DequeueEnqueue(map, priority);
        Strip(-lowest.View);
    }

    private void Strip(int view)
    {
        if (_strongest[view] is { Mask: not null } region)
        {
            _strongest[view] = Moved(region, view, null);
        }
    }

    private static AnomalyRegion Moved(AnomalyRegion region, int view, RegionMask? mask) => new(view, region.Box)
    {
        Mask = mask,
        Score = region.Score,
        AreaFraction = region.AreaFraction,
        SourceLocation = region.SourceLocation,
        Description = region.Description,
        DefectType = region.DefectType,
    };
}
