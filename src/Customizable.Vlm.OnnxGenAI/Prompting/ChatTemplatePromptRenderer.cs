using System.Text;

namespace Customizable.Vlm.OnnxGenAI.Prompting;

/// <summary>
/// A base for chat-template renderers: system text parts form the system block; captions, instructions and image placeholders
/// form the user turn, in the prompt's order, one per line; the template closes with the assistant's turn so that the model
/// answers next.
/// </summary>
/// <remarks>
/// <para>Text parts are written verbatim except that <c>&lt;|</c> becomes <c>&lt; |</c>, so that a spec's text can never open a
/// special token (an image placeholder or an end-of-turn marker) of its own.</para>
/// <para>Stateless and thread-safe; derived renderers must stay so.</para>
/// </remarks>
public abstract class ChatTemplatePromptRenderer : IGenAIPromptRenderer
{
    /// <summary>Initializes a new instance.</summary>
    protected ChatTemplatePromptRenderer()
    {
    }

    /// <inheritdoc />
    public abstract string Family { get; }

    /// <inheritdoc />
    public GenAIRenderedPrompt Render(AnomalyPrompt prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var system = new List<string>();
        var user = new List<string>();
        var images = new List<ImagePromptPart>();
        foreach (PromptPart part in prompt.Parts)
        {
            switch (part)
            {
                case TextPromptPart { Role: PromptTextRole.System } text:
                    system.Add(Neutralize(text.Text));
                    break;
                case TextPromptPart text:
                    user.Add(Neutralize(text.Text));
                    break;
                case ImagePromptPart image:
                    images.Add(image);
                    user.Add(ImagePlaceholder(images.Count));
                    break;
                default:
                    throw new ArgumentException($"The prompt holds a part of unknown type {part.GetType().Name}.", nameof(prompt));
            }
        }

        string? systemText = system.Count == 0 ? null : string.Join("\n\n", system);
        return new GenAIRenderedPrompt(ApplyTemplate(systemText, string.Join("\n", user)), images);
    }

    /// <summary>Returns the placeholder of the <paramref name="index"/>-th image of the prompt.</summary>
    /// <param name="index">The image's position, starting at 1.</param>
    /// <returns>The placeholder text.</returns>
    protected abstract string ImagePlaceholder(int index);

    /// <summary>Wraps the system block and the user turn in the family's chat template, ending where the assistant answers.</summary>
    /// <param name="system">The system text, or null when the prompt has none.</param>
    /// <param name="user">The user turn: texts and image placeholders, one per line.</param>
    /// <returns>The full prompt text.</returns>
    protected abstract string ApplyTemplate(string? system, string user);

    private static string Neutralize(string text)
    {
        if (!text.Contains("<|", StringComparison.Ordinal))
        {
            return text;
        }

        return new StringBuilder(text).Replace("<|", "< |").ToString();
    }
}
