using Customizable.Vlm.Prompting;

namespace Customizable.Vlm.AI.Tests;

/// <summary>Small synthetic views and prompts composed by the real default composer.</summary>
internal static class TestPrompts
{
    public static RawFrame Frame(int width, int height, byte seed)
    {
        byte[] pixels = new byte[width * height * 3];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)((i * 31) + seed);
        }

        return new RawFrame(width, height, PixelFormat.Rgb24, pixels);
    }

    public static EncodedView View(byte seed) => new(Frame(32, 24, seed), ImageProvenance.Identity(32, 24), "image");

    public static InspectionSpec Spec(AnswerFormat format = AnswerFormat.Json) => new()
    {
        TaskDescription = "Decide whether the printed circuit board has a soldering defect.",
        ClassContext = "printed circuit board, component side",
        NormalityRules = { new NormalityRule("Every solder joint is a smooth, shiny fillet; bridges between pins and missing joints are defects.") },
        AnswerFormat = format,
    };

    public static AnomalyPrompt Compose(InspectionSpec? spec = null, PromptTemplate? template = null, byte referenceSeed = 1, byte querySeed = 2)
    {
        spec ??= Spec();
        spec.PromptTemplate = template;
        return new DefaultPromptComposer()
            .ComposeAsync(new PromptContext(spec, [View(referenceSeed)], [View(querySeed)]))
            .AsTask().GetAwaiter().GetResult();
    }
}
