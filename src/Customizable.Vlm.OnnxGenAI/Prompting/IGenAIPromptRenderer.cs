namespace Customizable.Vlm.OnnxGenAI.Prompting;

/// <summary>
/// Turns an <see cref="AnomalyPrompt"/> into the single prompt string of one model family (its chat template and image
/// placeholders) and the images in the order their placeholders appear.
/// </summary>
/// <remarks>
/// <para>Implement it to support a model family this library does not know, and pass it as
/// <see cref="GenAIReasonerOptions.PromptRenderer"/>.</para>
/// <para>Contract: deterministic (the same prompt gives the same text, byte for byte), stateless, and safe for concurrent calls.
/// The renderer never copies or changes pixels; the rendered prompt refers to the prompt's own image parts.</para>
/// </remarks>
public interface IGenAIPromptRenderer
{
    /// <summary>Gets the family name, e.g. <c>phi3v</c>; used in logs and verdict model ids.</summary>
    string Family { get; }

    /// <summary>Renders the prompt.</summary>
    /// <param name="prompt">The composed prompt.</param>
    /// <returns>The prompt text with one placeholder per image, and the images in placeholder order.</returns>
    GenAIRenderedPrompt Render(AnomalyPrompt prompt);
}
