namespace Customizable.Vlm.OnnxGenAI.Prompting;

/// <summary>A prompt rendered for one model family: the text handed to the multimodal processor and the images its placeholders stand for.</summary>
/// <param name="text">The full prompt text, chat template and image placeholders included.</param>
/// <param name="images">The image parts, in the order of their placeholders in <paramref name="text"/>.</param>
public sealed class GenAIRenderedPrompt(string text, IReadOnlyList<ImagePromptPart> images)
{
    /// <summary>Gets the full prompt text.</summary>
    public string Text { get; } = text ?? throw new ArgumentNullException(nameof(text));

    /// <summary>Gets the image parts in placeholder order (the first placeholder is the first image).</summary>
    public IReadOnlyList<ImagePromptPart> Images { get; } = images ?? throw new ArgumentNullException(nameof(images));

    /// <inheritdoc />
    public override string ToString() => Text;
}
