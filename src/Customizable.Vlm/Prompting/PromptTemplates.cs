namespace Customizable.Vlm.Prompting;

/// <summary>The built-in prompt templates (see <see cref="PromptTemplate"/> for the syntax and docs/prompting.md for examples).</summary>
public static class PromptTemplates
{
    /// <summary>Gets this library's template: standing instructions with the task, the object, the numbered normality rules and the
    /// answer format; then every reference view with a caption, every query view with a caption, and the question. Asks for
    /// <see cref="AnswerFormat.Json"/> or <see cref="AnswerFormat.OriginalCorrectness"/>, as the spec says.</summary>
    public static PromptTemplate Default { get; } = new()
    {
        Name = "default",
        System =
            "You are an experienced visual quality inspector. {task}\n" +
            "Object under inspection: {object}.\n" +
            "What normal means and which defects matter:\n{rules}\n" +
            "The reference images show normal examples. Differences in position, lighting or natural texture that also occur between " +
            "normal examples are not defects.\n" +
            "{answer_format}",
        User =
            "{reference_images}\n{query_images}\n" +
            "Compare the query with the normal references. Is the query anomalous? Answer with the JSON object only.",
        ReferenceCaption = "Normal reference {index} of {count} ({label}):",
        QueryCaption = "Query ({label}):",
    };

    /// <summary>
    /// Gets the template of the original method (Xu et al., arXiv 2403.11083, "Customizing Visual-Language Foundation Models for
    /// Multi-modal Anomaly Detection and Reasoning"), reproduced in structure and meaning, reworded: one user message, the instruction
    /// first, then exactly one normal image, then the query image, no captions and no system message. The instruction says that the
    /// first image of the <c>{object}</c> is normal, asks whether the second contains anomalies or defects and why, mentions broken
    /// parts and contamination as examples, asks for <c>{"reasoning": ..., "correctness": 1 or 0}</c> with 1 meaning no anomaly and no
    /// partial credit, and asks for bare one-line JSON without code fences. It always asks for the correctness format, whatever
    /// <see cref="InspectionSpec.AnswerFormat"/> says. Set <see cref="InspectionSpec.ClassContext"/> to a short noun ("bottle",
    /// "hazelnut"), as the original's object types are.
    /// </summary>
    public static PromptTemplate Original { get; } = new()
    {
        Name = "original",
        System = null,
        User =
            "The first image of the {object} is normal. Decide whether the second image of the {object} contains any anomaly or defect; " +
            "if it does, give a specific reason. A normal image shows a clear, recognisable {object}. Possible defects include broken " +
            "parts and contamination.\n\n" +
            "Your answer has 2 parts:\n" +
            "\"reasoning\": a string describing what you think about the image;\n" +
            "\"correctness\": an integer, 1 if the image has no anomaly, 0 if it has one, no partial credit;\n\n" +
            "Output example: {\"reasoning\": a string, \"correctness\": integer, 1 or 0 }\n\n" +
            "Reply with one valid JSON string that starts with { and contains nothing else, because a program reads it directly. " +
            "Do not indent the JSON or put line breaks in it. Do not use ``` or ```json.\n" +
            "{reference_images}{query_images}",
        ReferenceCaption = null,
        QueryCaption = null,
        MaxReferenceImages = 1,
    };
}
