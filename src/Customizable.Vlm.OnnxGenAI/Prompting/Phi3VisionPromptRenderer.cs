using System.Globalization;

namespace Customizable.Vlm.OnnxGenAI.Prompting;

/// <summary>
/// Phi-3 / Phi-3.5 vision (<c>phi3v</c>): images as <c>&lt;|image_1|&gt;</c>, <c>&lt;|image_2|&gt;</c>...; one user turn
/// <c>&lt;|user|&gt;\n...&lt;|end|&gt;\n&lt;|assistant|&gt;\n</c>. The system text opens the user turn, because the vision
/// models were not trained with a separate system turn.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public sealed class Phi3VisionPromptRenderer : ChatTemplatePromptRenderer
{
    /// <summary>The GenAI model type this renderer serves.</summary>
    public const string ModelType = "phi3v";

    /// <inheritdoc />
    public override string Family => ModelType;

    /// <inheritdoc />
    protected override string ImagePlaceholder(int index) => string.Create(CultureInfo.InvariantCulture, $"<|image_{index}|>");

    /// <inheritdoc />
    protected override string ApplyTemplate(string? system, string user) =>
        system is null
            ? $"<|user|>\n{user}<|end|>\n<|assistant|>\n"
            : $"<|user|>\n{system}\n\n{user}<|end|>\n<|assistant|>\n";
}
