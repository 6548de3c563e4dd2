using System.Globalization;
using Customizable.Vlm.IO;

namespace Customizable.Vlm.Evaluation.Reporting;

/// <summary>
/// Writes <c>predictions.csv</c> (RFC 4180: comma-separated, CRLF line ends, fields with commas, quotes or line breaks quoted and
/// quotes doubled), one row per test item: <c>path,label,defect_type,score,is_anomalous,ms,reasoning</c>.
/// </summary>
/// <remarks>
/// <para><c>path</c> is relative to the dataset root with forward slashes; <c>label</c> is <c>normal</c> or <c>anomalous</c>;
/// <c>score</c> is the verdict's score in [0, 1] (round-trip precision, invariant culture); <c>is_anomalous</c> is the reasoner's
/// decision, <c>true</c> or <c>false</c>; <c>ms</c> the inspection time in milliseconds.</para>
/// <para>Stateless and thread-safe.</para>
/// </remarks>
public static class PredictionsCsvWriter
{
    /// <summary>The header row.</summary>
    public const string Header = "path,label,defect_type,score,is_anomalous,ms,reasoning";

    /// <summary>Writes the rows of <paramref name="result"/>.</summary>
    /// <param name="result">The evaluation result.</param>
    /// <param name="writer">The writer; not closed.</param>
    public static void Write(EvaluationResult result, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Header);
        writer.Write("\r\n");
        foreach (ItemPrediction p in result.Predictions)
        {
            writer.Write(Field(p.Item.RelativePath));
            writer.Write(',');
            writer.Write(p.Item.IsAnomalous ? "anomalous" : "normal");
            writer.Write(',');
            writer.Write(Field(p.Item.DefectType));
            writer.Write(',');
            writer.Write(p.Score.ToString("R", CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(p.IsAnomalous ? "true" : "false");
            writer.Write(',');
            writer.Write(p.Milliseconds.ToString("0.###", CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(Field(p.Reasoning));
            writer.Write("\r\n");
        }
    }

    /// <summary>Writes the rows to a file atomically (UTF-8 without byte-order mark).</summary>
    /// <param name="result">The evaluation result.</param>
    /// <param name="path">The destination file.</param>
    /// <param name="cancellationToken">Cancels before the rename (the destination is then untouched).</param>
    /// <returns>A task that completes when the file is in place.</returns>
    public static Task WriteAsync(EvaluationResult result, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return AtomicFile.WriteTextAsync(path, writer => Write(result, writer), cancellationToken);
    }

    /// <summary>Quotes a field when RFC 4180 requires it.</summary>
    /// <param name="value">The raw value.</param>
    /// <returns>The value, or the value in double quotes with its quotes doubled.</returns>
    public static string Field(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
    }
}
