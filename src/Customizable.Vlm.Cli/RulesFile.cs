using System.Text.Json;

namespace Customizable.Vlm.Cli;

/// <summary>
/// Reads normality rules: a text file with one rule per line (blank lines and lines starting with <c>#</c> are skipped), or a
/// <c>.json</c> file holding a list of <c>{"text", "id"?, "max_defect_area_fraction"?, "ignore_regions"?: [{"x","y","width","height"}]}</c>
/// (area fraction in (0, 1] of the image; regions in source image pixels).
/// </summary>
internal static class RulesFile
{
    public static List<NormalityRule> Read(string path)
    {
        string full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new CliInputException($"The rules file '{full}' does not exist.");
        }

        // Stat, never open, anything else than a regular file: reading a FIFO blocks until a writer appears, and no signal
        // interrupts it (found by a fuzzer).
        if (Imaging.FileKind.DescribeIfNotRegular(full) is { } kind)
        {
            throw new CliInputException($"The rules file '{full}' is {kind}, not a regular file; it was not read.");
        }

        string text = File.ReadAllText(full);
        List<NormalityRule> rules = string.Equals(Path.GetExtension(full), ".json", StringComparison.OrdinalIgnoreCase) ? ReadJson(full, text) : ReadLines(text);
        return rules.Count > 0 ? rules : throw new CliInputException($"The rules file '{full}' holds no rule.");
    }

    private static List<NormalityRule> ReadLines(string text) =>
        [.. text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => new NormalityRule(l))];

    private static List<NormalityRule> ReadJson(string path, string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new CliInputException($"The rules file '{path}' must hold a JSON list of rules.");
            }

            var rules = new List<NormalityRule>();
            int index = 0;
            foreach (JsonElement e in document.RootElement.EnumerateArray())
            {
                rules.Add(ReadRule(path, e, index++));
            }

            return rules;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            throw new CliInputException($"The rules file '{path}' is not valid: {ex.Message}", ex);
        }
    }

    private static NormalityRule ReadRule(string path, JsonElement e, int index)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("text", out JsonElement text) || text.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(text.GetString()))
        {
            throw new CliInputException($"Rule {index} of '{path}' needs a non-empty \"text\".");
        }

        var rule = new NormalityRule(text.GetString()!);
        if (e.TryGetProperty("id", out JsonElement id) && id.ValueKind == JsonValueKind.String)
        {
            rule.Id = id.GetString();
        }

        if (e.TryGetProperty("max_defect_area_fraction", out JsonElement fraction) && fraction.ValueKind != JsonValueKind.Null)
        {
            double value = fraction.GetDouble();
            rule.MaxDefectAreaFraction = value is > 0 and <= 1 ? value : throw new CliInputException($"Rule {index} of '{path}': max_defect_area_fraction must be in (0, 1].");
        }

        if (e.TryGetProperty("ignore_regions", out JsonElement regions) && regions.ValueKind == JsonValueKind.Array)
        {
            rule.IgnoreRegions = [.. regions.EnumerateArray().Select(r => new PixelRect(
                r.GetProperty("x").GetInt32(), r.GetProperty("y").GetInt32(), r.GetProperty("width").GetInt32(), r.GetProperty("height").GetInt32()))];
        }

        return rule;
    }
}
