using System.Globalization;
using System.Net;
using System.Text;
using Customizable.Vlm.IO;

namespace Customizable.Vlm.Evaluation.Reporting;

/// <summary>
/// Writes <c>report.html</c>: one self-contained page (no external file, script or font) with the summary table, the per-defect-type
/// table, a score histogram, and for the worst false negatives (anomalous items with the lowest scores below the decision) and the
/// worst false positives (normal items with the highest scores) the image with its anomaly map overlaid and the ground truth
/// outlined in magenta, embedded as base64 PNG.
/// </summary>
/// <remarks>The page's size is bounded by <see cref="HtmlReportOptions.WorstCount"/> and <see cref="HtmlReportOptions.ThumbnailSize"/>.
/// Stateless and thread-safe.</remarks>
public static class HtmlReportWriter
{
    /// <summary>Renders the report.</summary>
    /// <param name="result">The evaluation result.</param>
    /// <param name="options">Options; null for defaults.</param>
    /// <param name="cancellationToken">Cancels between images.</param>
    /// <returns>The HTML text.</returns>
    /// <exception cref="InvalidObservationException">A test image shown in the report can no longer be read.</exception>
    public static async Task<string> RenderAsync(EvaluationResult result, HtmlReportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        HtmlReportOptions o = options?.Clone() ?? new HtmlReportOptions();
        o.Validate();
        EvaluationMetrics m = result.Metrics;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(E($"cvlm evaluation: {m.Category}, {m.Shots} shots"))
            .Append("</title>\n<style>")
            .Append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
            .Append("th,td{border:1px solid #ccc;padding:4px 10px;text-align:right}th:first-child,td:first-child{text-align:left}")
            .Append(".cards{display:flex;flex-wrap:wrap;gap:1em}.card{border:1px solid #ccc;padding:.5em;max-width:")
            .Append(o.ThumbnailSize + 20)
            .Append("px;font-size:.85em}.card img{display:block;max-width:100%}.muted{color:#666}")
            .Append("</style></head><body>\n");

        html.Append("<h1>").Append(E($"Evaluation of '{m.Category}'")).Append("</h1>\n<p class=\"muted\">")
            .Append(E(string.Create(CultureInfo.InvariantCulture, $"layout {m.Layout}, {m.Shots} reference(s), seed {m.Seed}, reasoner {m.Reasoner}")))
            .Append(m.ReasonerDescription is null ? string.Empty : E($" ({m.ReasonerDescription})"))
            .Append(E($", {result.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC"))
            .Append("</p>\n");

        AppendSummary(html, m);
        AppendDefectTypes(html, m);
        AppendHistogram(html, result);

        List<ItemPrediction> falseNegatives = [.. result.Predictions.Where(p => p.Item.IsAnomalous && !p.IsAnomalous).OrderBy(p => p.Score).Take(o.WorstCount)];
        List<ItemPrediction> falsePositives = [.. result.Predictions.Where(p => !p.Item.IsAnomalous && p.IsAnomalous).OrderByDescending(p => p.Score).Take(o.WorstCount)];
        await AppendCardsAsync(html, "Worst false negatives", "anomalous items passed as normal, lowest scores first", falseNegatives, o, cancellationToken).ConfigureAwait(false);
        await AppendCardsAsync(html, "Worst false positives", "normal items flagged anomalous, highest scores first", falsePositives, o, cancellationToken).ConfigureAwait(false);

        html.Append("<h2>References</h2>\n<p class=\"muted\">")
            .Append(E(string.Join(", ", result.References.Select(r => r.RelativePath))))
            .Append("</p>\n<p class=\"muted\">Overlay colours: blue normal, yellow at the reasoner's threshold, red beyond; magenta outline: ground truth.</p>\n</body></html>\n");
        return html.ToString();
    }

    /// <summary>Writes the report to a file atomically.</summary>
    /// <param name="result">The evaluation result.</param>
    /// <param name="path">The destination file.</param>
    /// <param name="options">Options; null for defaults.</param>
    /// <param name="cancellationToken">Cancels before the rename (the destination is then untouched).</param>
    /// <returns>A task that completes when the file is in place.</returns>
    public static async Task WriteAsync(EvaluationResult result, string path, HtmlReportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string text = await RenderAsync(result, options, cancellationToken).ConfigureAwait(false);
        await AtomicFile.WriteTextAsync(path, writer => writer.Write(text), cancellationToken).ConfigureAwait(false);
    }

    private static void AppendSummary(StringBuilder html, EvaluationMetrics m)
    {
        html.Append("<h2>Summary</h2>\n<table><tr><th>metric</th><th>value</th></tr>\n");
        Row(html, "normal / anomalous test items", string.Create(CultureInfo.InvariantCulture, $"{m.NormalCount} / {m.AnomalousCount}"));
        Row(html, "image AUROC", F(m.ImageAuroc));
        Row(html, "image AUPR", F(m.ImageAupr));
        Row(html, "F1-max (threshold)", MetricsText.F1Max(m));
        Row(html, "F1 of the reasoner's decision", MetricsText.DecisionF1(m));
        Row(html, "accuracy at the reasoner's decision", F(m.Accuracy));
        Row(html, "TP / FP / TN / FN", string.Create(CultureInfo.InvariantCulture, $"{m.Confusion.TruePositives} / {m.Confusion.FalsePositives} / {m.Confusion.TrueNegatives} / {m.Confusion.FalseNegatives}"));
        Row(html, "pixel AUROC", F(m.PixelAuroc));
        if (m.PointCount > 0)
        {
            Row(html, "point AUROC", F(m.PointAuroc));
        }

        Row(html, string.Create(CultureInfo.InvariantCulture, $"AU-PRO (FPR &le; {m.AuProFalsePositiveRateLimit:0.##})"), F(m.AuPro), encodeName: false);
        Row(html, "hit rate (map maximum inside the mask)", MetricsText.HitRate(m.HitRate, m.HitRateCount));
        Row(html, "ms per image", m.MillisecondsPerImage.ToString("0.0", CultureInfo.InvariantCulture));
        Row(html, "customize seconds", m.CustomizeSeconds.ToString("0.00", CultureInfo.InvariantCulture));
        html.Append("</table>\n");
    }

    private static void AppendDefectTypes(StringBuilder html, EvaluationMetrics m)
    {
        if (m.PerDefectType.Count == 0)
        {
            return;
        }

        html.Append("<h2>Per defect type (against all normals)</h2>\n<table><tr><th>defect type</th><th>items</th><th>image AUROC</th><th>image AUPR</th><th>detected</th><th>hit rate</th></tr>\n");
        foreach ((string type, DefectTypeMetrics d) in m.PerDefectType)
        {
            html.Append("<tr><td>").Append(E(type)).Append("</td><td>").Append(d.AnomalousCount.ToString(CultureInfo.InvariantCulture))
                .Append("</td><td>").Append(F(d.ImageAuroc)).Append("</td><td>").Append(F(d.ImageAupr))
                .Append("</td><td>").Append(d.Detected.ToString(CultureInfo.InvariantCulture)).Append(" (").Append(F(d.DetectionRate)).Append(")</td><td>")
                .Append(E(MetricsText.HitRate(d.HitRate, d.HitRateCount))).Append("</td></tr>\n");
        }

        html.Append("</table>\n");
    }

    private static void AppendHistogram(StringBuilder html, EvaluationResult result)
    {
        const int Bins = 20, Width = 400, Height = 120;
        int[] normal = new int[Bins], anomalous = new int[Bins];
        foreach (ItemPrediction p in result.Predictions)
        {
            int bin = Math.Clamp((int)(Math.Clamp(p.Score, 0, 1) * Bins), 0, Bins - 1);
            (p.Item.IsAnomalous ? anomalous : normal)[bin]++;
        }

        int max = Math.Max(1, Math.Max(normal.Max(), anomalous.Max()));
        var svg = new StringBuilder();
        double barWidth = (double)Width / Bins / 2;
        for (int b = 0; b < Bins; b++)
        {
            Bar(svg, b * 2 * barWidth, barWidth, normal[b], max, Height, "#3b7dd8");
            Bar(svg, ((b * 2) + 1) * barWidth, barWidth, anomalous[b], max, Height, "#d8453b");
        }

        html.Append("<h2>Score distribution</h2>\n<svg width=\"").Append(Width).Append("\" height=\"").Append(Height + 16)
            .Append("\" role=\"img\" aria-label=\"score histogram\" style=\"border:1px solid #ccc\">")
            .Append(svg)
            .Append("<line x1=\"200\" y1=\"0\" x2=\"200\" y2=\"").Append(Height).Append("\" stroke=\"#222\" stroke-dasharray=\"4\"/>")
            .Append("<text x=\"2\" y=\"").Append(Height + 13).Append("\" font-size=\"11\">0</text><text x=\"192\" y=\"").Append(Height + 13)
            .Append("\" font-size=\"11\">0.5</text><text x=\"390\" y=\"").Append(Height + 13).Append("\" font-size=\"11\">1</text></svg>\n")
            .Append("<p class=\"muted\">Scores in [0, 1]; blue normal, red anomalous; dashed line: the reasoner's threshold 0.5.</p>\n");
    }

    private static void Bar(StringBuilder svg, double x, double width, int count, int max, int height, string colour)
    {
        if (count == 0)
        {
            return;
        }

        double h = (double)count / max * height;
        svg.Append(string.Create(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.##}\" y=\"{height - h:0.##}\" width=\"{width:0.##}\" height=\"{h:0.##}\" fill=\"{colour}\"><title>{count}</title></rect>"));
    }

    private static async Task AppendCardsAsync(StringBuilder html, string title, string subtitle, List<ItemPrediction> items, HtmlReportOptions options, CancellationToken cancellationToken)
    {
        html.Append("<h2>").Append(E(title)).Append("</h2>\n<p class=\"muted\">").Append(E(subtitle)).Append("</p>\n");
        if (items.Count == 0)
        {
            html.Append("<p>None.</p>\n");
            return;
        }

        html.Append("<div class=\"cards\">\n");
        foreach (ItemPrediction p in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            html.Append("<div class=\"card\">");
            if (!CloudItems.IsCloud(p.Item))
            {
                // Point clouds get no thumbnail (they are not images).
                byte[] png = await Thumbnails.RenderAsync(p, options.ThumbnailSize, cancellationToken).ConfigureAwait(false);
                html.Append("<img alt=\"").Append(E(p.Item.RelativePath)).Append("\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(png)).Append("\">");
            }

            html.Append("<div><b>").Append(E(p.Item.RelativePath)).Append("</b></div><div>")
                .Append(E($"{p.Item.DefectType}, score {F(p.Score)}")).Append("</div><div class=\"muted\">").Append(E(p.Reasoning)).Append("</div></div>\n");
        }

        html.Append("</div>\n");
    }

    private static void Row(StringBuilder html, string name, string value, bool encodeName = true) =>
        html.Append("<tr><td>").Append(encodeName ? E(name) : name).Append("</td><td>").Append(E(value)).Append("</td></tr>\n");

    private static string F(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
