namespace Customizable.Vlm.Evaluation.Reporting;

/// <summary>Writes every output of an evaluation run into one folder: <c>metrics.json</c>, <c>predictions.csv</c> and <c>report.html</c>.</summary>
/// <remarks>Each file is written atomically (a reader sees the old file or the new one, never half of one). Stateless and thread-safe.</remarks>
public static class EvaluationReport
{
    /// <summary>The file name of the metrics.</summary>
    public const string MetricsFileName = "metrics.json";

    /// <summary>The file name of the per-item predictions.</summary>
    public const string PredictionsFileName = "predictions.csv";

    /// <summary>The file name of the HTML report.</summary>
    public const string ReportFileName = "report.html";

    /// <summary>Writes the three files, creating the folder when needed.</summary>
    /// <param name="result">The evaluation result.</param>
    /// <param name="folder">The output folder.</param>
    /// <param name="options">Report options; null for defaults.</param>
    /// <param name="cancellationToken">Cancels between files.</param>
    /// <returns>The paths written.</returns>
    public static async Task<EvaluationOutputFiles> WriteAllAsync(EvaluationResult result, string folder, HtmlReportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        string full = Path.GetFullPath(folder);
        Directory.CreateDirectory(full);
        var files = new EvaluationOutputFiles(Path.Combine(full, MetricsFileName), Path.Combine(full, PredictionsFileName), Path.Combine(full, ReportFileName));
        await MetricsJsonWriter.WriteAsync(result, files.MetricsPath, cancellationToken).ConfigureAwait(false);
        await PredictionsCsvWriter.WriteAsync(result, files.PredictionsPath, cancellationToken).ConfigureAwait(false);
        await HtmlReportWriter.WriteAsync(result, files.ReportPath, options, cancellationToken).ConfigureAwait(false);
        return files;
    }
}
