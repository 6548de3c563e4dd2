namespace Customizable.Vlm;

/// <summary>One element of an <see cref="AnomalyPrompt"/>: text or an image, in the order a model should see them.</summary>
public abstract class PromptPart
{
    /// <summary>Initializes a new instance.</summary>
    protected PromptPart()
    {
    }
}
