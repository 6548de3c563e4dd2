namespace Customizable.Vlm.OnnxGenAI.Tests;

/// <summary>A fact that runs only when <c>CVLM_GENAI_MODEL</c> points to a real GenAI vision model folder.</summary>
public sealed class RealModelFactAttribute : FactAttribute
{
    public RealModelFactAttribute()
    {
        if (TestModels.RealModel is null)
        {
            Skip = $"Set {TestModels.RealModelVariable} to a GenAI vision model folder (phi3v, phi4mm or qwen2.5-vl) to run real-model tests.";
        }
    }
}
