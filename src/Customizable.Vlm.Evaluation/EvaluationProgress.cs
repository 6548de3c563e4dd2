namespace Customizable.Vlm.Evaluation;

/// <summary>Progress of an evaluation run, reported through <see cref="IProgress{T}"/>.</summary>
/// <param name="Stage">The current stage.</param>
/// <param name="Completed">Units of the stage done (files checked, items inspected...).</param>
/// <param name="Total">Units of the stage in all.</param>
/// <param name="Item">The relative path of the item just finished, or null.</param>
public readonly record struct EvaluationProgress(EvaluationStage Stage, int Completed, int Total, string? Item = null);
