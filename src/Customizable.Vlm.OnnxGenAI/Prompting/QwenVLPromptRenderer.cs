namespace Customizable.Vlm.OnnxGenAI.Prompting;

/// <summary>
/// Qwen2.5-VL (<c>qwen2_5_vl</c>): each image as <c>&lt;|vision_start|&gt;&lt;|image_pad|&gt;&lt;|vision_end|&gt;</c> (the
/// processor expands the pad to the image's tokens); ChatML turns <c>&lt;|im_start|&gt;role\n...&lt;|im_end|&gt;\n</c>. Like
/// the model's own template, a prompt without system text gets "You are a helpful assistant." as its system turn.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public sealed class QwenVLPromptRenderer : ChatTemplatePromptRenderer
{
    /// <summary>The GenAI model type this renderer serves.</summary>
    public const string ModelType = "qwen2_5_vl";

    /// <summary>The placeholder of one image.</summary>
    public const string Placeholder = "<|vision_start|><|image_pad|><|vision_end|>";

    private const string DefaultSystem = "You are a helpful assistant.";

    /// <inheritdoc />
    public override string Family => ModelType;

    /// <inheritdoc />
    protected override string ImagePlaceholder(int index) => Placeholder;

    /// <inheritdoc />
    protected override string ApplyTemplate(string? system, string user) =>
        $"<|im_start|>system\n{system ?? DefaultSystem}<|im_end|>\n<|im_start|>user\n{user}<|im_end|>\n<|im_start|>assistant\n";
}
