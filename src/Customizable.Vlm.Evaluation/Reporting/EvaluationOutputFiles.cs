namespace Customizable.Vlm.Evaluation.Reporting;

/// <summary>The files <see cref="EvaluationReport.WriteAllAsync"/> wrote.</summary>
/// <param name="MetricsPath">The full path of <c>metrics.json</c>.</param>
/// <param name="PredictionsPath">The full path of <c>predictions.csv</c>.</param>
/// <param name="ReportPath">The full path of <c>report.html</c>.</param>
public sealed record EvaluationOutputFiles(string MetricsPath, string PredictionsPath, string ReportPath);
