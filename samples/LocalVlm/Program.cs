// LocalVlm: a local vision-language model (an ONNX Runtime GenAI model folder: phi3v, phi4mm, qwen2.5-vl) explains what the
// embedded feature reasoner measures (the hybrid reasoner), offline.
//   dotnet run -c Release --project samples/LocalVlm -- <genai-model-folder> [--cuda] [--vlm-only] [--verbose]
//   (or set CVLM_GENAI_MODEL to the folder instead of passing it)
//   --cuda      run the model on CUDA (falls back to the CPU with a warning when CUDA is unavailable)
//   --vlm-only  let the model decide alone (no measurement, no evidence in the prompt)
//   --verbose   log the rendered prompt and the processor's input-id count
using Customizable.Vlm;
using Customizable.Vlm.Onnx;
using Customizable.Vlm.OnnxGenAI;
using Customizable.Vlm.Reasoning;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntimeGenAI;

string[] options = ["--cuda", "--vlm-only", "--verbose"];
string? unknown = args.FirstOrDefault(a => a.StartsWith('-') && !options.Contains(a));
if (unknown is not null || args.Count(a => !a.StartsWith('-')) > 1)
{
    Console.Error.WriteLine(unknown is null
        ? "localvlm: error: expected one model folder."
        : $"localvlm: error: unknown option '{unknown}' (options: {string.Join(", ", options)}).");
    Console.Error.WriteLine("usage: LocalVlm <genai-model-folder> [--cuda] [--vlm-only] [--verbose]");
    return 2;
}

string? modelPath = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? Environment.GetEnvironmentVariable("CVLM_GENAI_MODEL");
bool cuda = args.Contains("--cuda"), vlmOnly = args.Contains("--vlm-only"), verbose = args.Contains("--verbose");
if (string.IsNullOrWhiteSpace(modelPath))
{
    Console.Error.WriteLine("""
        No model folder given. Pass an ONNX Runtime GenAI vision model folder (the one holding genai_config.json), e.g.
          dotnet run -c Release --project samples/LocalVlm -- ./Phi-3.5-vision-instruct-onnx/cpu-int4-rtn-block-32-acc-level-4
        or set CVLM_GENAI_MODEL to it. Supported families: phi3v, phi4mm, qwen2_5_vl (others through IGenAIPromptRenderer).
        """);
    return 2;
}

using var oga = new OgaHandle(); // keeps the native GenAI library alive until the end of the program
using ILoggerFactory logging = LoggerFactory.Create(b => b.AddSimpleConsole().SetMinimumLevel(verbose ? LogLevel.Trace : LogLevel.Warning));

GenAIAnomalyReasoner vlm;
try
{
    vlm = new GenAIAnomalyReasoner(
        modelPath,
        new GenAIReasonerOptions { Provider = cuda ? GenAIExecutionProvider.Cuda : GenAIExecutionProvider.Cpu, MaxNewTokens = 200 },
        logging.CreateLogger<GenAIAnomalyReasoner>());
}
catch (GenAIException ex)
{
    Console.Error.WriteLine($"The model folder cannot be used: {ex.Message}");
    return 1;
}

using (vlm)
using (FeatureReasoner? measurer = vlmOnly ? null : new FeatureReasoner())
{
    Console.WriteLine($"Model {vlm.ModelId} (type {vlm.ModelType}, prompt family {vlm.PromptRenderer.Family}) on {vlm.ActiveProvider}.");
    IAnomalyReasoner reasoner = measurer is null
        ? vlm
        : new HybridReasoner(measurer, vlm, new HybridReasonerOptions { ExplainerFailure = HybridExplainerFailure.KeepMeasured });
    var inspector = new AnomalyInspector(reasoner);
    var spec = new InspectionSpec
    {
        TaskDescription = "Decide whether the machined part shows a surface defect.",
        ClassContext = "a machined metal part with a regular brushed texture and a central bolt hole",
        NormalityRules = { new NormalityRule("The brushed texture is regular; scratches, dents and stains are defects.") },
        References = [.. Enumerable.Range(0, 4).Select(i => ImageObservation.FromFrame(DemoImages.Part(seed: i), $"good-{i}.png"))],
    };
    InspectionProfile profile = await inspector.CustomizeAsync(spec);
    Observation[] queries =
    [
        ImageObservation.FromFrame(DemoImages.Part(seed: 100), "query-good.png"),
        ImageObservation.FromFrame(DemoImages.Part(seed: 101, scratch: true), "query-scratch.png"),
    ];

    foreach (Observation query in queries)
    {
        Console.WriteLine();
        Console.WriteLine($"{query.Name}:");
        try
        {
            AnomalyVerdict verdict = await inspector.InspectAsync(profile, query);
            Print(verdict);
        }
        catch (GenAIGenerationException ex)
        {
            Console.WriteLine($"  the model failed at {ex.Stage} (input ids: {ex.InputTokenCount?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"}, tokens generated: {ex.GeneratedTokenCount}):");
            Console.WriteLine($"  {ex.Message}");
        }
    }
}

return 0;

static void Print(AnomalyVerdict verdict)
{
    Dictionary<string, object?> p = new(verdict.AdditionalProperties ?? new Dictionary<string, object?>());
    Console.WriteLine($"  {(verdict.IsAnomalous switch { true => "ANOMALOUS", false => "normal", null => "unknown" })}  score {verdict.Score:0.000} ({p.GetValueOrDefault(VerdictPropertyNames.ScoreSource)})  status {verdict.Status}");
    if (verdict.GetHybridDetails() is { } hybrid)
    {
        Console.WriteLine($"  disagreement: {hybrid.Disagreement?.ToString() ?? "unknown"}; model said: {hybrid.Explanation?.IsAnomalous?.ToString() ?? "-"} ({hybrid.Explanation?.Status.ToString() ?? "not answered"})");
        if (hybrid.ExplainerError is not null)
        {
            Console.WriteLine($"  the model failed, the measured verdict is kept: {hybrid.ExplainerError}");
        }

        p = new(hybrid.Explanation?.AdditionalProperties ?? p);
    }

    if (p.ContainsKey(GenAIVerdictPropertyNames.GeneratedTokens))
    {
        Console.WriteLine($"  input ids {p.GetValueOrDefault(GenAIVerdictPropertyNames.InputTokens)}, generated tokens {p.GetValueOrDefault(GenAIVerdictPropertyNames.GeneratedTokens)} ({p.GetValueOrDefault(GenAIVerdictPropertyNames.StopReason)})");
    }

    Console.WriteLine($"  reasoning: {verdict.Reasoning}");
    if (verdict.RawText is not null)
    {
        Console.WriteLine($"  raw answer: {verdict.RawText}");
    }
}
