namespace Customizable.Vlm.Evaluation;

/// <summary>The stages of an evaluation run, in order.</summary>
public enum EvaluationStage
{
    /// <summary>Reading the headers of every image and mask, so that unreadable files fail before the long part.</summary>
    Checking = 0,

    /// <summary>Customizing the inspection from the chosen references.</summary>
    Customizing = 1,

    /// <summary>Inspecting the test items.</summary>
    Inspecting = 2,

    /// <summary>Computing the metrics.</summary>
    Scoring = 3,
}
