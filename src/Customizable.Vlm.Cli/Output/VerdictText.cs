using System.Globalization;
using System.Numerics;
using System.Text;

namespace Customizable.Vlm.Cli.Output;

/// <summary>Writes <c>cvlm inspect</c>'s verdicts as text: decision, score and reasoning per input, then where the finding is: image
/// regions in image pixels, point-cloud regions as point counts and 3D boxes (cloud units), video segments as times and frames.</summary>
internal static class VerdictText
{
    /// <summary>The text of all verdicts.</summary>
    public static string Write(IEnumerable<(string Path, AnomalyVerdict Verdict)> verdicts)
    {
        var text = new StringBuilder();
        foreach ((string path, AnomalyVerdict v) in verdicts)
        {
            string decision = v.IsAnomalous switch { true => "ANOMALOUS", false => "normal", null => "unknown" };
            text.Append(CultureInfo.InvariantCulture, $"{TerminalText.Line(path)}: {decision}  score {v.Score:0.000}\n");
            text.Append(CultureInfo.InvariantCulture, $"  {TerminalText.Block(v.Reasoning)}\n");
            if (v.FrameScores.Count > 0)
            {
                FrameScore first = v.FrameScores[0], last = v.FrameScores[^1];
                FrameScore peak = v.FrameScores.MaxBy(f => f.SmoothedScore);
                text.Append(CultureInfo.InvariantCulture, $"  frames: {v.FrameScores.Count} inspected from t={Seconds(first.Start)}s to t={Seconds(last.Start + last.Duration)}s; highest smoothed score {peak.SmoothedScore:0.000} at t={Seconds(peak.Start)}s (frame {peak.FrameIndex})\n");
            }

            int n = 1;
            foreach (AnomalyRegion r in v.Regions)
            {
                string score = r.Score is { } s ? string.Create(CultureInfo.InvariantCulture, $", score {s:0.000}") : string.Empty;
                switch (r.SourceLocation)
                {
                    case PointSetLocation points:
                        string where = points.PointIndices.Length == 0
                            ? "no points under it (background in that view)"
                            : string.Create(CultureInfo.InvariantCulture, $"{points.PointIndices.Length} points, box {Point(points.Min)} to {Point(points.Max)} (cloud units)");
                        text.Append(CultureInfo.InvariantCulture, $"  region {n++}: {where}; seen in view {r.ViewIndex} at {Box(r.Box)} (view pixels){score}\n");
                        break;
                    case TimeRangeLocation time:
                        string box = time.FrameBox is { } b ? $", box {Box(b)} (frame pixels)" : string.Empty;
                        text.Append(CultureInfo.InvariantCulture, $"  segment {n++}: t={Seconds(time.Start)}s-{Seconds(time.End)}s, frames {time.FirstFrame}-{time.LastFrame}{box}{score}\n");
                        break;
                    default:
                        text.Append(CultureInfo.InvariantCulture, $"  region {n++}: {Box(r.Box)} (image pixels){score}");
                        text.Append(r.Description is { } d ? $", {TerminalText.Block(d)}" : string.Empty).Append('\n');
                        break;
                }
            }
        }

        return text.ToString();
    }

    private static string Box(PixelRect r) => string.Create(CultureInfo.InvariantCulture, $"x={r.X} y={r.Y} w={r.Width} h={r.Height}");

    private static string Point(Vector3 p) => string.Create(CultureInfo.InvariantCulture, $"({p.X:0.###}, {p.Y:0.###}, {p.Z:0.###})");

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);
}
