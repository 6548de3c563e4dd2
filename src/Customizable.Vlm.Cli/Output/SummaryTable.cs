using System.Globalization;
using Customizable.Vlm.Evaluation;
using Customizable.Vlm.Evaluation.Reporting;
using Spectre.Console;

namespace Customizable.Vlm.Cli.Output;

/// <summary>Prints the metrics of an evaluation run as tables.</summary>
internal static class SummaryTable
{
    public static void Write(IAnsiConsole console, EvaluationResult result, bool fancy)
    {
        EvaluationMetrics m = result.Metrics;
        Table summary = New(fancy, $"{m.Category}: {m.Shots} shots, seed {m.Seed}, reasoner {m.Reasoner}").AddColumn("metric").AddColumn(new TableColumn("value").RightAligned());
        Add(summary, "test items (normal / anomalous)", string.Create(CultureInfo.InvariantCulture, $"{m.NormalCount} / {m.AnomalousCount}"));
        Add(summary, m.PerClip.Count > 0 ? "frame AUROC (all clips pooled, micro)" : "image AUROC", F(m.ImageAuroc));
        if (m.PerClip.Count > 0)
        {
            ClipRows(summary, m);
        }

        Add(summary, "image AUPR", F(m.ImageAupr));
        Add(summary, "F1-max (at score >=)", MetricsText.F1Max(m));
        Add(summary, "F1 of the decision (score >= 0.5)", MetricsText.DecisionF1(m));
        Add(summary, "accuracy (score >= 0.5)", F(m.Accuracy));
        Add(summary, "TP / FP / TN / FN", string.Create(CultureInfo.InvariantCulture, $"{m.Confusion.TruePositives} / {m.Confusion.FalsePositives} / {m.Confusion.TrueNegatives} / {m.Confusion.FalseNegatives}"));
        Add(summary, "pixel AUROC", F(m.PixelAuroc));
        Add(summary, string.Create(CultureInfo.InvariantCulture, $"AU-PRO (FPR <= {m.AuProFalsePositiveRateLimit:0.##})"), F(m.AuPro));
        if (m.PointCount > 0)
        {
            Add(summary, string.Create(CultureInfo.InvariantCulture, $"point AUROC ({m.PointCount:N0} points)"), F(m.PointAuroc));
        }

        Add(summary, "hit rate (map maximum in the mask)", MetricsText.HitRate(m.HitRate, m.HitRateCount));
        Add(summary, "ms per image", m.MillisecondsPerImage.ToString("0.0", CultureInfo.InvariantCulture));
        Add(summary, "customize seconds", m.CustomizeSeconds.ToString("0.00", CultureInfo.InvariantCulture));
        console.Write(summary);

        if (m.PerClip.Count > 0)
        {
            ClipTable(console, m, fancy);
        }

        if (m.PerDefectType.Count > 0)
        {
            Table types = New(fancy, "per defect type, against all normals").AddColumn("defect type")
                .AddColumn(new TableColumn("items").RightAligned()).AddColumn(new TableColumn("image AUROC").RightAligned()).AddColumn(new TableColumn("detected").RightAligned());
            bool hits = m.HitRate is not null;
            if (hits)
            {
                types.AddColumn(new TableColumn("hit rate").RightAligned());
            }

            foreach ((string type, DefectTypeMetrics d) in m.PerDefectType)
            {
                string[] row = [Markup.Escape(TerminalText.Line(type)), d.AnomalousCount.ToString(CultureInfo.InvariantCulture), F(d.ImageAuroc), d.Detected.ToString(CultureInfo.InvariantCulture)];
                types.AddRow(hits ? [.. row, Markup.Escape(MetricsText.HitRate(d.HitRate, d.HitRateCount))] : row);
            }

            console.Write(types);
        }
    }

    private static void ClipRows(Table summary, EvaluationMetrics m)
    {
        Add(summary, "mean per-clip frame AUROC (macro)", F(m.MeanClipAuroc));
        if (m.TemporalSmoothingRadius > 0)
        {
            string window = string.Create(CultureInfo.InvariantCulture, $"smoothed over +-{m.TemporalSmoothingRadius} frames");
            Add(summary, $"frame AUROC {window} (micro)", F(m.SmoothedImageAuroc));
            Add(summary, $"mean per-clip frame AUROC {window}", F(m.MeanSmoothedClipAuroc));
        }

        if (m.PixelMetricsClips.Count > 0)
        {
            Add(summary, "pixel metrics over the clips with masks", string.Join(", ", m.PixelMetricsClips));
        }
    }

    private static void ClipTable(IAnsiConsole console, EvaluationMetrics m, bool fancy)
    {
        bool smoothed = m.TemporalSmoothingRadius > 0;
        Table clips = New(fancy, "per clip, frames ranked within the clip").AddColumn("clip")
            .AddColumn(new TableColumn("frames (anomalous)").RightAligned()).AddColumn(new TableColumn("frame AUROC").RightAligned());
        if (smoothed)
        {
            clips.AddColumn(new TableColumn("smoothed").RightAligned());
        }

        foreach ((string clip, ClipMetrics c) in m.PerClip)
        {
            string[] row = [Markup.Escape(TerminalText.Line(clip)), string.Create(CultureInfo.InvariantCulture, $"{c.FrameCount} ({c.AnomalousCount})"), F(c.ImageAuroc)];
            clips.AddRow(smoothed ? [.. row, F(c.SmoothedImageAuroc)] : row);
        }

        console.Write(clips);
    }

    private static Table New(bool fancy, string title) =>
        new Table { Border = fancy ? TableBorder.Rounded : TableBorder.Ascii, Title = new TableTitle(Markup.Escape(TerminalText.Line(title))) };

    private static void Add(Table table, string name, string value) => table.AddRow(Markup.Escape(TerminalText.Line(name)), Markup.Escape(TerminalText.Line(value)));

    private static string F(double? value) => MetricsText.F(value);
}
