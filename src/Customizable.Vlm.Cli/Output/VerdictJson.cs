using System.Text;
using System.Text.Json;

namespace Customizable.Vlm.Cli.Output;

/// <summary>Writes <c>cvlm inspect --json</c>: a list of verdicts. Every verdict has <c>path</c>, <c>modality</c>, the decision and
/// <c>regions</c> (boxes in the pixels of the view they were found in); point-cloud regions add the anomalous points (indices into the
/// file's points, their count and 3D box in cloud units); videos add <c>segments</c> (start/end in seconds, frame range, box in frame
/// pixels) and <c>frame_scores</c> (every inspected frame's own and smoothed score).</summary>
internal static class VerdictJson
{
    /// <summary>The JSON of all verdicts, indented, with a final newline.</summary>
    /// <param name="verdicts">Each input's path, modality and verdict, and for a point cloud whose reader dropped points (non-finite
    /// coordinates, missing pixels of an XYZ TIFF) each kept point's record number in the file (else null).</param>
    public static string Write(IEnumerable<(string Path, ObservationModality Modality, AnomalyVerdict Verdict, ReadOnlyMemory<int>? FileIndices)> verdicts)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach ((string path, ObservationModality modality, AnomalyVerdict v, ReadOnlyMemory<int>? fileIndices) in verdicts)
            {
                json.WriteStartObject();
                json.WriteString("path", path);
                json.WriteString("modality", modality switch { ObservationModality.PointCloud => "point_cloud", ObservationModality.Video => "video", _ => "image" });
                if (v.IsAnomalous is { } anomalous)
                {
                    json.WriteBoolean("is_anomalous", anomalous);
                }
                else
                {
                    json.WriteNull("is_anomalous");
                }

                json.WriteNumber("score", v.Score);
                json.WriteString("status", v.Status.ToString().ToLowerInvariant());
                json.WriteString("reasoning", v.Reasoning);
                json.WriteString("defect_type", v.DefectType);
                json.WriteString("model_id", v.ModelId);
                json.WriteStartArray("regions");
                foreach (AnomalyRegion r in v.Regions)
                {
                    json.WriteStartObject();
                    json.WriteNumber("view", r.ViewIndex);
                    json.WriteNumber("x", r.Box.X);
                    json.WriteNumber("y", r.Box.Y);
                    json.WriteNumber("width", r.Box.Width);
                    json.WriteNumber("height", r.Box.Height);
                    Number(json, "score", r.Score);
                    Number(json, "area_fraction", r.AreaFraction);
                    json.WriteString("description", r.Description);
                    if (r.SourceLocation is PointSetLocation points)
                    {
                        json.WritePropertyName("points");
                        Points(json, points, fileIndices);
                    }

                    json.WriteEndObject();
                }

                json.WriteEndArray();
                if (modality == ObservationModality.Video)
                {
                    Segments(json, v);
                    FrameScores(json, v);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length) + "\n";
    }

    private static void Points(Utf8JsonWriter json, PointSetLocation points, ReadOnlyMemory<int>? fileIndices)
    {
        json.WriteStartObject();
        json.WriteNumber("count", points.PointIndices.Length);
        if (points.PointIndices.Length > 0)
        {
            json.WriteStartArray("min");
            json.WriteNumberValue(points.Min.X);
            json.WriteNumberValue(points.Min.Y);
            json.WriteNumberValue(points.Min.Z);
            json.WriteEndArray();
            json.WriteStartArray("max");
            json.WriteNumberValue(points.Max.X);
            json.WriteNumberValue(points.Max.Y);
            json.WriteNumberValue(points.Max.Z);
            json.WriteEndArray();
        }
        else
        {
            json.WriteNull("min");
            json.WriteNull("max");
        }

        json.WriteStartArray("indices");
        foreach (int index in points.PointIndices.Span)
        {
            json.WriteNumberValue(index);
        }

        json.WriteEndArray();
        if (fileIndices is { } map)
        {
            // The reader dropped points: the indices above count kept points; these are the same points' record numbers in the file
            // (for an organized cloud, the row-major grid cell y * width + x).
            json.WriteStartArray("file_indices");
            foreach (int index in points.PointIndices.Span)
            {
                json.WriteNumberValue(index >= 0 && index < map.Length ? map.Span[index] : -1);
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static void Segments(Utf8JsonWriter json, AnomalyVerdict v)
    {
        json.WriteStartArray("segments");
        foreach (AnomalyRegion r in v.Regions)
        {
            if (r.SourceLocation is not TimeRangeLocation time)
            {
                continue;
            }

            json.WriteStartObject();
            json.WriteNumber("start_seconds", time.Start.TotalSeconds);
            json.WriteNumber("end_seconds", time.End.TotalSeconds);
            json.WriteNumber("first_frame", time.FirstFrame);
            json.WriteNumber("last_frame", time.LastFrame);
            if (time.FrameBox is { } box)
            {
                json.WriteStartObject("box");
                json.WriteNumber("x", box.X);
                json.WriteNumber("y", box.Y);
                json.WriteNumber("width", box.Width);
                json.WriteNumber("height", box.Height);
                json.WriteEndObject();
            }
            else
            {
                json.WriteNull("box");
            }

            Number(json, "score", r.Score);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void FrameScores(Utf8JsonWriter json, AnomalyVerdict v)
    {
        json.WriteStartArray("frame_scores");
        foreach (FrameScore f in v.FrameScores)
        {
            json.WriteStartObject();
            json.WriteNumber("frame", f.FrameIndex);
            json.WriteNumber("start_seconds", f.Start.TotalSeconds);
            json.WriteNumber("duration_seconds", f.Duration.TotalSeconds);
            Number(json, "score", f.Score);
            Number(json, "smoothed_score", f.SmoothedScore);
            json.WriteEndObject();
        }

        json.WriteEndArray();
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
}
