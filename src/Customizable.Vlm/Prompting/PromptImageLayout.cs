namespace Customizable.Vlm.Prompting;

/// <summary>How a composer arranges reference and query views into prompt images.</summary>
public enum PromptImageLayout
{
    /// <summary>Every view is its own image, references first, each preceded by its caption (the original method's layout).</summary>
    Separate = 0,

    /// <summary>One image: the references then the query views in a row, each panel labelled in the pixels ("REFERENCE 1", "QUERY").
    /// For models that take a single image, or compare better within one image.</summary>
    SideBySide = 1,

    /// <summary>Two images: a labelled grid of the reference views, then a labelled grid of the query views. For many views per
    /// observation (rendered point-cloud views, video key frames).</summary>
    Grid = 2,
}
