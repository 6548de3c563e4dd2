namespace Customizable.Vlm.Evaluation;

/// <summary>Metrics of the frames of one video clip (for example one UCSD test clip), ranked only against each other.</summary>
/// <param name="FrameCount">Evaluated frames of the clip.</param>
/// <param name="AnomalousCount">Evaluated frames labelled anomalous.</param>
/// <param name="ImageAuroc">Frame AUROC within the clip in [0, 1]; null when the clip has only normal or only anomalous frames.</param>
/// <param name="SmoothedImageAuroc">Frame AUROC within the clip after temporal smoothing (see
/// <see cref="EvaluationOptions.TemporalSmoothingRadius"/>); null when smoothing is off or the AUROC is undefined.</param>
public sealed record ClipMetrics(int FrameCount, int AnomalousCount, double? ImageAuroc, double? SmoothedImageAuroc);
