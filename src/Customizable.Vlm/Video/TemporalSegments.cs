using System.Globalization;

namespace Customizable.Vlm.Video;

/// <summary>
/// Follows a video over time: the per-frame scores of a verdict whose query views are frames of one video are smoothed over
/// neighbouring frames (a frame with several views, such as its motion view, scores its highest view), and contiguous runs at or above 0.5 become the verdict's regions, each located in time
/// (<see cref="TimeRangeLocation"/>: start, end, frames) and in the frame (the box of the run's strongest frame).
/// </summary>
internal static class TemporalSegments
{
    /// <summary>Rewrites <paramref name="verdict"/> for a video; leaves it unchanged when its views are not frames of one video or
    /// the reasoner gave no per-view scores.</summary>
    public static void Apply(AnomalyVerdict verdict, IReadOnlyList<EncodedView> views, int radius)
    {
        if (views.Count == 0 || verdict.ViewScores.Count != views.Count
            || !views.All(v => v.Provenance is VideoProvenance { Tiles.Count: 1 }))
        {
            return;
        }

        Apply(verdict, [.. views.Select(v => FrameViewGeometry.Of(v)!.Value)], radius);
    }

    /// <summary>Rewrites <paramref name="verdict"/>, whose view scores and regions refer to views of the given geometry (the streamed
    /// path, which no longer holds the views' pixels).</summary>
    public static void Apply(AnomalyVerdict verdict, IReadOnlyList<FrameViewGeometry> views, int radius)
    {
        if (views.Count == 0 || verdict.ViewScores.Count != views.Count)
        {
            return;
        }

        // One entry per frame (a frame may have several views, e.g. its motion view): its highest view score, and that view.
        int[] order = [.. Enumerable.Range(0, views.Count)
            .GroupBy(i => Tile(views[i]).FrameIndex)
            .OrderBy(g => g.Key)
            .Select(g => g.MaxBy(i => verdict.ViewScores[i]))];
        double[] raw = [.. order.Select(i => verdict.ViewScores[i])];
        double[] smoothed = new double[raw.Length];
        for (int k = 0; k < raw.Length; k++)
        {
            int from = Math.Max(0, k - radius), to = Math.Min(raw.Length - 1, k + radius);
            double sum = 0;
            for (int j = from; j <= to; j++)
            {
                sum += raw[j];
            }

            smoothed[k] = sum / (to - from + 1);
        }

        verdict.FrameScores = [.. order.Select((i, k) => new FrameScore(Tile(views[i]).FrameIndex, Tile(views[i]).Start, Tile(views[i]).Duration, raw[k], smoothed[k]))];
        var segments = new List<AnomalyRegion>();
        for (int k = 0; k < smoothed.Length;)
        {
            if (smoothed[k] < 0.5)
            {
                k++;
                continue;
            }

            int first = k;
            while (k < smoothed.Length && smoothed[k] >= 0.5)
            {
                k++;
            }

            segments.Add(Segment(verdict, views, order, raw, smoothed, first, k - 1));
        }

        double best = smoothed.Max();
        verdict.Regions = segments;
        verdict.Score = best;
        verdict.IsAnomalous = segments.Count > 0;
        string summary = segments.Count == 0
            ? string.Create(CultureInfo.InvariantCulture, $"Over {raw.Length} inspected frames no stretch of time stays beyond the normal range (highest smoothed frame score {best:0.00}).")
            : string.Create(CultureInfo.InvariantCulture, $"Anomalous during {string.Join(", ", segments.Select(s => s.Description))}.");
        verdict.Reasoning = $"{summary} {verdict.Reasoning}".Trim();
    }

    private static AnomalyRegion Segment(AnomalyVerdict verdict, IReadOnlyList<FrameViewGeometry> views, int[] order, double[] raw, double[] smoothed, int first, int last)
    {
        int peak = first;
        for (int k = first; k <= last; k++)
        {
            peak = raw[k] > raw[peak] ? k : peak;
        }

        int view = order[peak];
        VideoTile start = Tile(views[order[first]]), end = Tile(views[order[last]]), at = Tile(views[view]);

        // Where in the frame: the strongest region the reasoner found in the peak frame, or the whole frame.
        AnomalyRegion? spot = verdict.Regions.Where(r => r.ViewIndex == view).OrderByDescending(r => r.Score ?? 0).FirstOrDefault();
        PixelRect box = spot?.Box ?? new PixelRect(0, 0, views[view].Width, views[view].Height);
        PixelRect? frameBox = (views[view].Provenance.MapToSource(box, spot?.Mask) as TimeRangeLocation)?.FrameBox;
        var location = new TimeRangeLocation(start.Start, end.Start + end.Duration, start.FrameIndex, end.FrameIndex, frameBox);
        return new AnomalyRegion(view, box)
        {
            Mask = spot?.Mask,
            Score = smoothed[first..(last + 1)].Max(),
            AreaFraction = spot?.AreaFraction,
            SourceLocation = location,
            Description = string.Create(
                CultureInfo.InvariantCulture,
                $"t={location.Start.TotalSeconds:0.00}s-{location.End.TotalSeconds:0.00}s (frames {location.FirstFrame}-{location.LastFrame}), strongest at t={at.Start.TotalSeconds:0.00}s{(spot?.Description is { } d ? $": {d}" : string.Empty)}"),
        };
    }

    private static VideoTile Tile(FrameViewGeometry view) => view.Tile;
}
