namespace Customizable.Vlm;

/// <summary>A piece of prompt text.</summary>
/// <param name="text">The text.</param>
/// <param name="role">What the text is for.</param>
public sealed class TextPromptPart(string text, PromptTextRole role = PromptTextRole.Instruction) : PromptPart
{
    /// <summary>Gets the text.</summary>
    public string Text { get; } = Throw.IfNull(text);

    /// <summary>Gets what the text is for.</summary>
    public PromptTextRole Role { get; } = role;

    /// <inheritdoc />
    public override string ToString() => $"[{Role}] {Text}";
}
