namespace Customizable.Vlm;

/// <summary>Whether an image of a prompt shows a normal reference or the query under inspection.</summary>
public enum PromptImageRole
{
    /// <summary>A view of a known-good (normal) reference.</summary>
    Reference = 0,

    /// <summary>A view of the observation under inspection.</summary>
    Query = 1,
}
