using System.Globalization;

namespace Customizable.Vlm.OnnxGenAI.Prompting;

/// <summary>
/// Phi-4-multimodal (<c>phi4mm</c>): images as <c>&lt;|image_1|&gt;</c>, <c>&lt;|image_2|&gt;</c>...; template
/// <c>&lt;|system|&gt;...&lt;|end|&gt;&lt;|user|&gt;...&lt;|end|&gt;&lt;|assistant|&gt;</c> (no line breaks between turns).
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public sealed class Phi4MultimodalPromptRenderer : ChatTemplatePromptRenderer
{
    /// <summary>The GenAI model type this renderer serves.</summary>
    public const string ModelType = "phi4mm";

    /// <inheritdoc />
    public override string Family => ModelType;

    /// <inheritdoc />
    protected override string ImagePlaceholder(int index) => string.Create(CultureInfo.InvariantCulture, $"<|image_{index}|>");

    /// <inheritdoc />
    protected override string ApplyTemplate(string? system, string user) =>
        system is null
            ? $"<|user|>{user}<|end|><|assistant|>"
            : $"<|system|>{system}<|end|><|user|>{user}<|end|><|assistant|>";
}
