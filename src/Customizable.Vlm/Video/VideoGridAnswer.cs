using System.Globalization;
using System.Text.RegularExpressions;

namespace Customizable.Vlm.Video;

/// <summary>
/// Reads which tiles of a key-frame grid (<see cref="VideoGrid"/>) a vision-language model names in its answer (<c>"tiles": [3]</c>,
/// <c>"tile": 3</c>, <c>tiles = 2, 5</c>) and turns each into a region of the grid view whose <see cref="TimeRangeLocation"/> is that
/// tile's time span.
/// </summary>
/// <remarks>Tolerant like <see cref="Reasoning.VerdictParser"/>: the last mention wins (models echo the requested format first),
/// numbers outside 1..tiles are ignored. The pattern runs on the non-backtracking engine over the answer's first 64 KiB. Stateless
/// and thread-safe.</remarks>
internal static class VideoGridAnswer
{
    private const int MaxScan = 1 << 16;

    private static readonly Regex TilesPattern = new(
        @"tiles?[""'*`]*[ \t]*[:=][ \t]*(?<value>\[[^\]]{0,200}\]|[0-9]+(?:[ \t]*,[ \t]*[0-9]+)*)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking | RegexOptions.ExplicitCapture);

    private static readonly Regex NumberPattern = new(
        "[0-9]{1,4}", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);

    /// <summary>The tile numbers (1-based, distinct, in the order named) that <paramref name="answer"/> names, within 1..<paramref name="tileCount"/>.</summary>
    public static IReadOnlyList<int> TilesOf(string? answer, int tileCount)
    {
        if (string.IsNullOrEmpty(answer))
        {
            return [];
        }

        string scan = answer.Length > MaxScan ? answer[..MaxScan] : answer;
        int thinkEnd = scan.LastIndexOf("</think>", StringComparison.OrdinalIgnoreCase);
        if (thinkEnd >= 0)
        {
            scan = scan[(thinkEnd + "</think>".Length)..];
        }

        Match? last = null;
        foreach (Match match in TilesPattern.Matches(scan))
        {
            last = match;
        }

        if (last is null)
        {
            return [];
        }

        var tiles = new List<int>();
        foreach (Match number in NumberPattern.Matches(last.Groups["value"].Value))
        {
            int tile = int.Parse(number.Value, NumberStyles.None, CultureInfo.InvariantCulture);
            if (tile >= 1 && tile <= tileCount && !tiles.Contains(tile))
            {
                tiles.Add(tile);
            }
        }

        return tiles;
    }

    /// <summary>Adds one region per tile the answer names to a verdict about the grid view <paramref name="grid"/> (view 0) that
    /// holds no region yet and calls the video anomalous; leaves it unchanged otherwise.</summary>
    public static void Apply(AnomalyVerdict verdict, EncodedView grid)
    {
        if (verdict.IsAnomalous != true || verdict.Regions.Count > 0 || grid.Provenance is not VideoProvenance provenance)
        {
            return;
        }

        foreach (int number in TilesOf(verdict.RawText, provenance.Tiles.Count))
        {
            VideoTile tile = provenance.Tiles[number - 1];
            verdict.Regions.Add(new AnomalyRegion(0, tile.ViewRect)
            {
                Score = verdict.Score,
                DefectType = verdict.DefectType,
                SourceLocation = provenance.MapToSource(tile.ViewRect),
                Description = string.Create(
                    CultureInfo.InvariantCulture,
                    $"tile {number}: t={tile.Start.TotalSeconds:0.00}-{(tile.Start + tile.Duration).TotalSeconds:0.00}s (frame {tile.FrameIndex})"),
            });
        }
    }
}
