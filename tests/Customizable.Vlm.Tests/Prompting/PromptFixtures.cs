using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;

namespace Customizable.Vlm.Tests.Prompting;

/// <summary>Synthetic views, a canonical text dump of prompts (texts + image sizes + pixel hashes) and golden-file comparison.</summary>
internal static class PromptFixtures
{
    /// <summary>A deterministic RGB gradient with a seed-dependent pattern.</summary>
    public static RawFrame Gradient(int width, int height, int seed)
    {
        byte[] pixels = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int o = ((y * width) + x) * 3;
                pixels[o] = (byte)((x * 255 / Math.Max(1, width - 1)) ^ seed);
                pixels[o + 1] = (byte)((y * 255 / Math.Max(1, height - 1)) + seed);
                pixels[o + 2] = (byte)(((x + y) * 7 * (seed + 1)) & 0xFF);
            }
        }

        return new RawFrame(width, height, PixelFormat.Rgb24, pixels);
    }

    public static EncodedView View(int width, int height, int seed, string label = "image", int index = 0) =>
        new(Gradient(width, height, seed), ImageProvenance.Identity(width, height), label, null, index);

    public static InspectionSpec Spec(AnswerFormat format = AnswerFormat.Json) => new()
    {
        TaskDescription = "Decide whether the cast aluminium bracket shows a casting or machining defect.",
        ClassContext = "cast aluminium bracket",
        NormalityRules =
        {
            new NormalityRule("Both mounting holes are round, burr-free and fully drilled through."),
            new NormalityRule("A dull grey surface with faint tool marks is normal; pores, cracks and dents are defects."),
        },
        AnswerFormat = format,
    };

    public static string Dump(AnomalyPrompt prompt)
    {
        var builder = new StringBuilder();
        foreach (PromptPart part in prompt.Parts)
        {
            switch (part)
            {
                case TextPromptPart text:
                    builder.Append(CultureInfo.InvariantCulture, $"[{text.Role}]\n{text.Text}\n");
                    break;
                case ImagePromptPart image:
                    RawFrame f = image.View.Frame;
                    string hash = Convert.ToHexString(SHA256.HashData(f.Pixels.Span[..(f.Height * f.Stride)]))[..16];
                    builder.Append(CultureInfo.InvariantCulture, $"[{image.Role} image] {image.Label} {f.Width}x{f.Height} {f.Format} sha256:{hash}\n");
                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// Compares with the golden file copied next to the test assembly (Prompting/Golden). Set CVLM_UPDATE_GOLDEN=1 to (re)write
    /// the source copy from the current output; that needs the source tree, which deterministic CI builds hide from
    /// <see cref="CallerFilePathAttribute"/>, so updating is a local step.
    /// </summary>
    public static void AssertGolden(string name, string actual, [CallerFilePath] string callerPath = "")
    {
        if (Environment.GetEnvironmentVariable("CVLM_UPDATE_GOLDEN") == "1")
        {
            string source = Path.Combine(Path.GetDirectoryName(callerPath)!, "Golden", name);
            Assert.True(Directory.Exists(Path.GetDirectoryName(source)), $"Cannot update {name}: the source folder {Path.GetDirectoryName(source)} is not on this machine.");
            File.WriteAllText(source, actual);
            return;
        }

        string path = Path.Combine(AppContext.BaseDirectory, "Prompting", "Golden", name);
        Assert.True(File.Exists(path), $"Golden file {name} is missing next to the tests; run the tests once with CVLM_UPDATE_GOLDEN=1 and review it.");
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), actual);
    }
}
