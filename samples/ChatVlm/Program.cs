// Inspect parts with any OpenAI-compatible vision-language model through Microsoft.Extensions.AI.
//
//   CVLM_OPENAI_API_KEY    API key (required by most services; any text for a local server)
//   CVLM_OPENAI_ENDPOINT   base URL of an OpenAI-compatible API, e.g. a local server's http://127.0.0.1:11434/v1 (optional)
//   CVLM_OPENAI_MODEL      model id (default gpt-4o-mini)
//   CVLM_PROMPT            default | original   (the prompt template; default: default)
//   CVLM_LAYOUT            separate | side-by-side | grid   (default: separate)
//   CVLM_IMAGE_FORMAT      png | jpeg   (default: png)
//
// dotnet run -c Release --project samples/ChatVlm [-- <references-folder> <query-image>...]
// Exit codes: 0 done, 1 a failure, 2 not configured (no endpoint and no key) or bad arguments, 3 a missing folder or image.
using System.ClientModel;
using System.ClientModel.Primitives;
using ChatVlm;
using Customizable.Vlm;
using Customizable.Vlm.AI;
using Customizable.Vlm.Prompting;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using OpenAI;

const string Usage = "usage: ChatVlm [<references-folder> <query-image>...]   (the model is configured through the CVLM_* environment variables)";
if (args.Any(a => a is "--help" or "-h"))
{
    Console.WriteLine(Usage);
    return 0;
}

// The arguments are checked before anything is sent: a folder of good parts and at least one image, or nothing for the demo.
if (args.Length == 1 || args.Any(a => a.StartsWith('-')))
{
    Console.Error.WriteLine($"chatvlm: error: expected no arguments, or a references folder and at least one query image.\n{Usage}");
    return 2;
}

if (args.Length >= 2 && !Directory.Exists(args[0]))
{
    Console.Error.WriteLine($"chatvlm: error: the references folder '{args[0]}' does not exist.");
    return 3;
}

if (args.Length >= 2 && Directory.GetFiles(args[0]).Length == 0)
{
    Console.Error.WriteLine($"chatvlm: error: the references folder '{args[0]}' holds no images.");
    return 3;
}

if (args.Skip(1).FirstOrDefault(query => !File.Exists(query)) is { } missing)
{
    Console.Error.WriteLine($"chatvlm: error: the query image '{missing}' does not exist.");
    return 3;
}

string? endpoint = Environment.GetEnvironmentVariable("CVLM_OPENAI_ENDPOINT");
string? key = Environment.GetEnvironmentVariable("CVLM_OPENAI_API_KEY");
string model = Environment.GetEnvironmentVariable("CVLM_OPENAI_MODEL") is { Length: > 0 } m ? m : "gpt-4o-mini";
if (string.IsNullOrWhiteSpace(endpoint) && string.IsNullOrWhiteSpace(key))
{
    Console.WriteLine("""
        ChatVlm needs a vision-language model and none is configured.
        Set CVLM_OPENAI_API_KEY (and CVLM_OPENAI_MODEL) for OpenAI, or CVLM_OPENAI_ENDPOINT for any OpenAI-compatible server
        (Azure OpenAI's /openai/v1 endpoint, Ollama, vLLM, LM Studio...), then run again. Nothing was sent anywhere.
        For an offline inspection without any model service, run samples/Quickstart.
        """);
    return 2;
}

// The SDK's own retries are off: the pipeline below retries (and its per-attempt timeout is shorter than the network timeout).
var openAiOptions = new OpenAIClientOptions { NetworkTimeout = TimeSpan.FromMinutes(3), RetryPolicy = new ClientRetryPolicy(maxRetries: 0) };
if (!string.IsNullOrWhiteSpace(endpoint))
{
    openAiOptions.Endpoint = new Uri(endpoint);
}

IChatClient openAi = new OpenAI.Chat.ChatClient(model, new ApiKeyCredential(string.IsNullOrWhiteSpace(key) ? "unused" : key), openAiOptions).AsIChatClient();

// Microsoft.Extensions.AI middleware, outermost first: a repeated inspection is answered from the cache (any IDistributedCache:
// Redis or SQL Server keep answers across runs), then retries of timeouts, HTTP 408/429/5xx and dropped connections.
using IChatClient chat = new ChatClientBuilder(openAi)
    .UseDistributedCache(new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions())))
    .UseResilience(o => o.AttemptTimeout = TimeSpan.FromMinutes(2))
    .Build();
bool original = string.Equals(Environment.GetEnvironmentVariable("CVLM_PROMPT"), "original", StringComparison.OrdinalIgnoreCase);
var composer = new DefaultPromptComposer(new PromptComposerOptions
{
    Template = original ? PromptTemplates.Original : PromptTemplates.Default,
    Layout = Environment.GetEnvironmentVariable("CVLM_LAYOUT")?.ToLowerInvariant() switch
    {
        "side-by-side" => PromptImageLayout.SideBySide,
        "grid" => PromptImageLayout.Grid,
        _ => PromptImageLayout.Separate,
    },
    MaxImageSide = 768,
});
using var reasoner = new ChatClientAnomalyReasoner(chat, new ChatClientReasonerOptions
{
    ModelId = model,
    ImageEncoding = string.Equals(Environment.GetEnvironmentVariable("CVLM_IMAGE_FORMAT"), "jpeg", StringComparison.OrdinalIgnoreCase) ? ChatImageEncoding.Jpeg : ChatImageEncoding.Png,
});
var inspector = new AnomalyInspector(reasoner, composer: composer);

var spec = new InspectionSpec
{
    TaskDescription = "Decide whether the flat steel washer has a surface defect that would make it fail incoming inspection.",
    ClassContext = original ? "washer" : "flat steel washer seen from above on a dark background",
    NormalityRules =
    {
        new NormalityRule("Concentric turning marks and a faint sheen are normal and vary between good washers."),
        new NormalityRule("Scratches, gouges, dents, rust and burrs on the ring are defects; specks of dust on the background are not."),
    },
    AnswerFormat = original ? AnswerFormat.OriginalCorrectness : AnswerFormat.Json,
};

List<Observation> queries;
if (args.Length >= 2)
{
    foreach (string file in Directory.GetFiles(args[0]).Order(StringComparer.Ordinal))
    {
        spec.References.Add(ImageObservation.FromFile(file));
    }

    queries = [.. args.Skip(1).Select(ImageObservation.FromFile)];
}
else
{
    Console.WriteLine("No images given: using two synthetic good washers as references and one good, one scratched washer as queries.");
    spec.References.Add(ImageObservation.FromFrame(DemoParts.Washer(1, false), "good-1"));
    spec.References.Add(ImageObservation.FromFrame(DemoParts.Washer(2, false), "good-2"));
    queries = [ImageObservation.FromFrame(DemoParts.Washer(3, false), "query-good"), ImageObservation.FromFrame(DemoParts.Washer(4, true), "query-scratched")];
}

try
{
    InspectionProfile profile = await inspector.CustomizeAsync(spec);
    foreach (Observation query in queries)
    {
        AnomalyVerdict verdict = await inspector.InspectAsync(profile, query);
        Console.WriteLine($"{query.Name}: {verdict}");
        Console.WriteLine($"  model {verdict.ModelId}, defect {verdict.DefectType ?? "-"}, raw answer: {verdict.RawText}");
    }

    return 0;
}
catch (CustomizableVlmException ex)
{
    Console.Error.WriteLine($"Inspection failed: {ex.Message}");
    return 1;
}
