namespace Customizable.Vlm.OnnxGenAI.Prompting;

/// <summary>The prompt renderers this library knows, by GenAI model type (the <c>model.type</c> of <c>genai_config.json</c>).</summary>
public static class GenAIPromptRenderers
{
    private static readonly Dictionary<string, IGenAIPromptRenderer> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        [Phi3VisionPromptRenderer.ModelType] = new Phi3VisionPromptRenderer(),
        [Phi4MultimodalPromptRenderer.ModelType] = new Phi4MultimodalPromptRenderer(),
        [QwenVLPromptRenderer.ModelType] = new QwenVLPromptRenderer(),
    };

    /// <summary>Gets the model types with a built-in renderer: <c>phi3v</c>, <c>phi4mm</c>, <c>qwen2_5_vl</c>.</summary>
    public static IReadOnlyCollection<string> ModelTypes { get; } = [.. Known.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Finds the built-in renderer of a model type.</summary>
    /// <param name="modelType">A GenAI model type, compared without regard to case.</param>
    /// <returns>The renderer, or null when the type has no built-in renderer.</returns>
    public static IGenAIPromptRenderer? ForModelType(string modelType)
    {
        ArgumentNullException.ThrowIfNull(modelType);
        return Known.GetValueOrDefault(modelType.Trim());
    }
}
