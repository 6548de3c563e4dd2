using System.Globalization;
using System.Text.Json;
using Customizable.Vlm.IO;

namespace Customizable.Vlm.Evaluation.Reporting;

/// <summary>
/// Writes <c>metrics.json</c>: one object with snake_case fields, undefined metrics as <c>null</c> (never NaN). The fields
/// <c>category, shots, seed, reasoner, n_normal, n_anomalous, image_auroc, image_aupr, f1_max, f1_trivial, f1_max_is_trivial, f1_decision,
/// accuracy, pixel_auroc, au_pro, point_auroc, n_points, hit_rate, n_hit_rate, ms_per_image, customize_seconds, per_defect_type</c> are always present; docs/evaluation.md lists every field.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static class MetricsJsonWriter
{
    /// <summary>Writes the metrics of <paramref name="result"/> as indented UTF-8 JSON.</summary>
    /// <param name="result">The evaluation result.</param>
    /// <param name="destination">The stream to write to; left open.</param>
    public static void Write(EvaluationResult result, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(destination);
        EvaluationMetrics m = result.Metrics;
        using var json = new Utf8JsonWriter(destination, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("category", m.Category);
        json.WriteString("layout", m.Layout);
        json.WriteString("dataset_root", result.Dataset.Root);
        json.WriteNumber("shots", m.Shots);
        Number(json, "shots_requested", m.ShotsRequested);
        json.WriteNumber("seed", m.Seed);
        json.WriteString("reasoner", m.Reasoner);
        json.WriteString("reasoner_description", m.ReasonerDescription);
        json.WriteNumber("n_normal", m.NormalCount);
        json.WriteNumber("n_anomalous", m.AnomalousCount);
        json.WriteNumber("n_excluded", m.ExcludedCount);
        Number(json, "image_auroc", m.ImageAuroc);
        Number(json, "image_aupr", m.ImageAupr);
        Number(json, "f1_max", m.F1Max?.F1);
        Number(json, "f1_threshold", m.F1Max?.Threshold);
        Number(json, "f1_trivial", m.F1Trivial);
        json.WriteBoolean("f1_max_is_trivial", m.F1MaxIsTrivial);
        Number(json, "f1_decision", m.DecisionF1);
        Number(json, "f1_decision_to_max_ratio", m.DecisionF1ToF1MaxRatio);
        Number(json, "accuracy", m.Accuracy);
        json.WriteStartObject("confusion");
        json.WriteNumber("tp", m.Confusion.TruePositives);
        json.WriteNumber("fp", m.Confusion.FalsePositives);
        json.WriteNumber("tn", m.Confusion.TrueNegatives);
        json.WriteNumber("fn", m.Confusion.FalseNegatives);
        json.WriteEndObject();
        Number(json, "pixel_auroc", m.PixelAuroc);
        Number(json, "au_pro", m.AuPro);
        Number(json, "point_auroc", m.PointAuroc);
        json.WriteNumber("n_points", m.PointCount);
        json.WriteNumber("au_pro_fpr_limit", m.AuProFalsePositiveRateLimit);
        Number(json, "hit_rate", m.HitRate);
        json.WriteNumber("n_hit_rate", m.HitRateCount);
        json.WriteNumber("pixel_resolution", m.PixelResolution);
        json.WriteNumber("ms_per_image", m.MillisecondsPerImage);
        json.WriteNumber("customize_seconds", m.CustomizeSeconds);
        json.WriteStartObject("per_defect_type");
        foreach ((string type, DefectTypeMetrics d) in m.PerDefectType)
        {
            json.WriteStartObject(type);
            json.WriteNumber("n_anomalous", d.AnomalousCount);
            json.WriteNumber("n_normal", d.NormalCount);
            Number(json, "image_auroc", d.ImageAuroc);
            Number(json, "image_aupr", d.ImageAupr);
            json.WriteNumber("detected", d.Detected);
            Number(json, "detection_rate", d.DetectionRate);
            Number(json, "hit_rate", d.HitRate);
            json.WriteNumber("n_hit_rate", d.HitRateCount);
            json.WriteEndObject();
        }

        json.WriteEndObject();
        if (m.PerClip.Count > 0)
        {
            WriteClips(json, m);
        }

        json.WriteStartArray("references");
        foreach (var reference in result.References)
        {
            json.WriteStringValue(reference.RelativePath);
        }

        json.WriteEndArray();
        json.WriteString("created_utc", result.CreatedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        json.WriteEndObject();
        json.Flush();
    }

    /// <summary>Writes the metrics to a file atomically (temporary file, then rename).</summary>
    /// <param name="result">The evaluation result.</param>
    /// <param name="path">The destination file.</param>
    /// <param name="cancellationToken">Cancels before the rename (the destination is then untouched).</param>
    /// <returns>A task that completes when the file is in place.</returns>
    public static Task WriteAsync(EvaluationResult result, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return AtomicFile.WriteAsync(path, (stream, _) => { Write(result, stream); return Task.CompletedTask; }, cancellationToken);
    }

    /// <summary>The video-clip fields (UCSD): <c>mean_clip_auroc</c>, <c>temporal_smoothing_radius</c>, <c>smoothed_image_auroc</c>,
    /// <c>mean_smoothed_clip_auroc</c>, <c>pixel_metrics_clips</c> and <c>per_clip</c>; written only when the test items are frames
    /// of clips (<c>image_auroc</c> is then the pooled "micro" frame AUROC).</summary>
    private static void WriteClips(Utf8JsonWriter json, EvaluationMetrics m)
    {
        Number(json, "mean_clip_auroc", m.MeanClipAuroc);
        json.WriteNumber("temporal_smoothing_radius", m.TemporalSmoothingRadius);
        Number(json, "smoothed_image_auroc", m.SmoothedImageAuroc);
        Number(json, "mean_smoothed_clip_auroc", m.MeanSmoothedClipAuroc);
        json.WriteStartArray("pixel_metrics_clips");
        foreach (string clip in m.PixelMetricsClips)
        {
            json.WriteStringValue(clip);
        }

        json.WriteEndArray();
        json.WriteStartObject("per_clip");
        foreach ((string clip, ClipMetrics c) in m.PerClip)
        {
            json.WriteStartObject(clip);
            json.WriteNumber("n_frames", c.FrameCount);
            json.WriteNumber("n_anomalous", c.AnomalousCount);
            Number(json, "image_auroc", c.ImageAuroc);
            Number(json, "smoothed_image_auroc", c.SmoothedImageAuroc);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void Number(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
