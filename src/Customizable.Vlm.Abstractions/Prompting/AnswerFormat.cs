namespace Customizable.Vlm;

/// <summary>The answer a generative reasoner is asked to give.</summary>
public enum AnswerFormat
{
    /// <summary>This library's JSON: <c>{"is_anomalous": bool, "confidence": 0..1, "defect_type": string|null, "reasoning": string}</c>.</summary>
    Json = 0,

    /// <summary>The original paper's JSON: <c>{"reasoning": string, "correctness": 1|0}</c>, where 1 means normal.</summary>
    OriginalCorrectness = 1,
}
