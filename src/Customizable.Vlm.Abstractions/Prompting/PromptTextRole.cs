namespace Customizable.Vlm;

/// <summary>What a piece of prompt text is for.</summary>
public enum PromptTextRole
{
    /// <summary>Standing instructions (a chat model's system message).</summary>
    System = 0,

    /// <summary>The request itself, addressed to the model as the user.</summary>
    Instruction = 1,

    /// <summary>A caption that introduces the image that follows.</summary>
    Caption = 2,
}
