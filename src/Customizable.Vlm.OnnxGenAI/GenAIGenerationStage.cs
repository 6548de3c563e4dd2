namespace Customizable.Vlm.OnnxGenAI;

/// <summary>The step of one GenAI generation at which a failure happened.</summary>
public enum GenAIGenerationStage
{
    /// <summary>Rendering the prompt, writing its images and running the multimodal processor (tokenizer + image preprocessing).</summary>
    Processing = 0,

    /// <summary><c>Generator.SetInputs</c>: the vision and embedding models run on the processed inputs and the prompt is prefilled.</summary>
    SetInputs = 1,

    /// <summary>Generating answer tokens (<c>Generator.GenerateNextToken</c>).</summary>
    Generation = 2,
}
