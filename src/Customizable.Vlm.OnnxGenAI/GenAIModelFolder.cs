using System.Text.Json;

namespace Customizable.Vlm.OnnxGenAI;

/// <summary>What this library reads from a GenAI model folder's <c>genai_config.json</c> before the native runtime loads it.</summary>
internal sealed class GenAIModelFolder
{
    public const string ConfigFileName = "genai_config.json";
    private const int MaxConfigBytes = 4 << 20;

    private GenAIModelFolder(string path, string modelType, int? contextLength, string logitsName)
    {
        Path = path;
        ModelType = modelType;
        ContextLength = contextLength;
        LogitsName = logitsName;
    }

    /// <summary>Gets the full path of the folder.</summary>
    public string Path { get; }

    /// <summary>Gets <c>model.type</c>, e.g. <c>phi3v</c>.</summary>
    public string ModelType { get; }

    /// <summary>Gets <c>model.context_length</c>, or null when absent.</summary>
    public int? ContextLength { get; }

    /// <summary>Gets the decoder's logits output name (<c>model.decoder.outputs.logits</c>, default <c>logits</c>).</summary>
    public string LogitsName { get; }

    /// <summary>Validates the folder and reads its configuration.</summary>
    /// <exception cref="GenAIModelLoadException">The folder, its configuration or a model file it names is missing or malformed.</exception>
    public static GenAIModelFolder Open(string modelPath)
    {
        string full = System.IO.Path.GetFullPath(modelPath);
        if (!Directory.Exists(full))
        {
            throw new GenAIModelLoadException(modelPath, $"The GenAI model folder '{full}' does not exist.", null);
        }

        string configPath = System.IO.Path.Combine(full, ConfigFileName);
        if (!File.Exists(configPath))
        {
            throw new GenAIModelLoadException(modelPath, $"'{full}' is not an ONNX Runtime GenAI model folder: it has no {ConfigFileName}.", null);
        }

        byte[] bytes;
        try
        {
            var info = new FileInfo(configPath);
            if (info.Length > MaxConfigBytes)
            {
                throw new GenAIModelLoadException(modelPath, $"{ConfigFileName} in '{full}' is {info.Length} bytes; a configuration is at most {MaxConfigBytes} bytes.", null);
            }

            bytes = File.ReadAllBytes(configPath);
        }
        catch (IOException ex)
        {
            throw new GenAIModelLoadException(modelPath, $"{ConfigFileName} in '{full}' cannot be read: {ex.Message}", ex);
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("model", out JsonElement model)
                || model.ValueKind != JsonValueKind.Object)
            {
                throw Corrupt(modelPath, full, "it has no \"model\" object");
            }

            if (!model.TryGetProperty("type", out JsonElement type) || type.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(type.GetString()))
            {
                throw Corrupt(modelPath, full, "\"model.type\" is missing");
            }

            int? contextLength = model.TryGetProperty("context_length", out JsonElement context) && context.TryGetInt32(out int c) && c > 0 ? c : null;
            string logits = model.TryGetProperty("decoder", out JsonElement decoder) && decoder.ValueKind == JsonValueKind.Object
                && decoder.TryGetProperty("outputs", out JsonElement outputs) && outputs.ValueKind == JsonValueKind.Object
                && outputs.TryGetProperty("logits", out JsonElement name) && name.ValueKind == JsonValueKind.String
                ? name.GetString()! : "logits";
            CheckModelFiles(modelPath, full, model);
            return new GenAIModelFolder(full, type.GetString()!.Trim(), contextLength, logits);
        }
        catch (JsonException ex)
        {
            throw new GenAIModelLoadException(modelPath, $"{ConfigFileName} in '{full}' is not valid JSON: {ex.Message}", ex);
        }
    }

    /// <summary>Every <c>"filename"</c> under <c>model</c> (decoder, vision, embedding, speech...) must name an existing file.</summary>
    private static void CheckModelFiles(string modelPath, string full, JsonElement element)
    {
        foreach (JsonProperty property in element.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Object)
            {
                CheckModelFiles(modelPath, full, property.Value);
            }
            else if (property.NameEquals("filename") && property.Value.ValueKind == JsonValueKind.String)
            {
                string file = property.Value.GetString()!;
                if (!File.Exists(System.IO.Path.Combine(full, file)))
                {
                    throw new GenAIModelLoadException(modelPath, $"The GenAI model folder '{full}' is incomplete: {ConfigFileName} names '{file}', which does not exist.", null);
                }
            }
        }
    }

    private static GenAIModelLoadException Corrupt(string modelPath, string full, string reason) =>
        new(modelPath, $"{ConfigFileName} in '{full}' is not a GenAI model configuration: {reason}.", null);
}
