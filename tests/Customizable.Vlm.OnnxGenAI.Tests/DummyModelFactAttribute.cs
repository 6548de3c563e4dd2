namespace Customizable.Vlm.OnnxGenAI.Tests;

/// <summary>A fact skipped, with the reason, when the phi3v dummy model is not beside the repository.</summary>
public sealed class DummyModelFactAttribute : FactAttribute
{
    public DummyModelFactAttribute()
    {
        if (TestModels.Phi3VDummy is null)
        {
            Skip = "../shared/models/phi3v-dummy is absent (test models live beside the repository, never in it).";
        }
    }
}
