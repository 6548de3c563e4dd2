namespace Customizable.Vlm.OnnxGenAI.Tests;

/// <summary>Builds prompts by hand (so that rendering tests do not depend on a composer's wording) with generated images.</summary>
internal static class TestPrompts
{
    /// <summary>A tightly packed RGB frame: a colour gradient with a square of another colour, different for every seed.</summary>
    public static RawFrame Frame(int seed, int width = 64, int height = 64)
    {
        byte[] rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int i = ((y * width) + x) * 3;
                bool square = x >= width / 4 && x < width / 2 && y >= height / 4 && y < height / 2;
                rgb[i] = (byte)(square ? 30 * seed : x * 255 / width);
                rgb[i + 1] = (byte)(square ? 200 : y * 255 / height);
                rgb[i + 2] = (byte)((seed * 47) & 0xFF);
            }
        }

        return new RawFrame(width, height, PixelFormat.Rgb24, rgb);
    }

    public static EncodedView View(int seed, string label, int size = 64) =>
        new(Frame(seed, size, size), ImageProvenance.Identity(size, size), label);

    /// <summary>System text, then "Reference i (normal):" + image for each reference, "Query:" + image, then the request.</summary>
    public static AnomalyPrompt Prompt(int references, AnswerFormat format = AnswerFormat.Json, string system = "You inspect parts. Answer with JSON only.", int size = 64)
    {
        var spec = new InspectionSpec { AnswerFormat = format };
        var parts = new List<PromptPart>();
        if (system.Length > 0)
        {
            parts.Add(new TextPromptPart(system, PromptTextRole.System));
        }

        for (int i = 0; i < references; i++)
        {
            parts.Add(new TextPromptPart($"Reference {i + 1} (normal):", PromptTextRole.Caption));
            parts.Add(new ImagePromptPart(View(i + 1, $"reference {i + 1}", size), PromptImageRole.Reference, $"Reference {i + 1}"));
        }

        EncodedView query = View(99, "query", size);
        parts.Add(new TextPromptPart("Query:", PromptTextRole.Caption));
        parts.Add(new ImagePromptPart(query, PromptImageRole.Query, "Query"));
        parts.Add(new TextPromptPart("Is the query anomalous?", PromptTextRole.Instruction));
        return new AnomalyPrompt(parts, spec, [query]);
    }
}
