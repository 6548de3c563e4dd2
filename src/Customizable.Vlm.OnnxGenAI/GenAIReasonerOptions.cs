using Customizable.Vlm.OnnxGenAI.Prompting;

namespace Customizable.Vlm.OnnxGenAI;

/// <summary>Options of a <see cref="GenAIAnomalyReasoner"/>.</summary>
/// <remarks>A mutable options class: configure it, then hand it to the reasoner, which keeps a validated copy.</remarks>
public sealed class GenAIReasonerOptions
{
    /// <summary>Gets or sets where the model runs. Default <see cref="GenAIExecutionProvider.Cpu"/>.</summary>
    public GenAIExecutionProvider Provider { get; set; } = GenAIExecutionProvider.Cpu;

    /// <summary>Gets or sets whether a CUDA request that cannot be met falls back to the CPU with a logged warning (true, the
    /// default) or throws <see cref="GenAIExecutionProviderUnavailableException"/>.</summary>
    public bool AllowCpuFallback { get; set; } = true;

    /// <summary>Gets or sets the CUDA device index (0 or more). Ignored on the CPU.</summary>
    public int DeviceId { get; set; }

    /// <summary>Gets or sets the model family used to pick the prompt renderer, e.g. <c>phi3v</c>; null (the default) takes
    /// <c>model.type</c> from <c>genai_config.json</c>. Ignored when <see cref="PromptRenderer"/> is set.</summary>
    public string? ModelFamily { get; set; }

    /// <summary>Gets or sets a prompt renderer for a family this library does not know (or to change a known one's template);
    /// null (the default) picks a built-in renderer from <see cref="GenAIPromptRenderers"/>.</summary>
    public IGenAIPromptRenderer? PromptRenderer { get; set; }

    /// <summary>Gets or sets the most answer tokens generated per call (the token cap), 1 or more. Default 256: enough for
    /// the JSON answer with a few sentences of reasoning. Generation stops earlier at the model's end-of-sequence token.</summary>
    public int MaxNewTokens { get; set; } = 256;

    /// <summary>
    /// Gets or sets the most input ids (text tokens plus image tokens) a processed prompt may have, 1 or more. Default 16384.
    /// A longer prompt is rejected with <see cref="GenAIGenerationException"/> before anything is allocated for it. The
    /// generator's length (and so its key-value cache) is sized to the prompt's own length plus <see cref="MaxNewTokens"/>;
    /// only when the prompt's length cannot be read is it sized to this value plus <see cref="MaxNewTokens"/>.
    /// </summary>
    public int MaxPromptTokens { get; set; } = 16384;

    /// <summary>
    /// Gets or sets how many generations may run at once on one reasoner, 1 or more. Default 1: each generation holds its own
    /// key-value cache (memory grows with every concurrent call) and one generation already keeps the CPU's cores or the GPU
    /// busy. Further callers wait, in order, without blocking a thread. See <see cref="GenAIAnomalyReasoner"/> for the whole
    /// concurrency design.
    /// </summary>
    public int MaxConcurrentGenerations { get; set; } = 1;

    /// <summary>Gets or sets whether the score comes from the model's logits at the decision token (the probability of the
    /// anomalous answer) when they can be read. Default true. When false, or when no decision token is found, the score comes
    /// from the parsed answer as for chat reasoners.</summary>
    public bool ScoreFromLogits { get; set; } = true;

    /// <summary>Gets or sets the folder where the prompt's images are written (as PNG files, one sub-folder per call, deleted
    /// when the call ends) for the native image loader; null (the default) uses the system's temporary folder.</summary>
    public string? TempDirectory { get; set; }

    /// <summary>Gets or sets the model id reported in verdicts; null (the default) uses <c>onnxruntime-genai/{family}/{folder name}</c>.</summary>
    public string? ModelId { get; set; }

    /// <summary>Returns a copy.</summary>
    /// <returns>The copy.</returns>
    public GenAIReasonerOptions Clone() => (GenAIReasonerOptions)MemberwiseClone();

    /// <summary>Checks every value.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        if (!Enum.IsDefined(Provider))
        {
            throw new ArgumentOutOfRangeException(nameof(Provider), Provider, "Unknown execution provider.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(DeviceId, nameof(DeviceId));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxNewTokens, 1, nameof(MaxNewTokens));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPromptTokens, 1, nameof(MaxPromptTokens));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentGenerations, 1, nameof(MaxConcurrentGenerations));
        if (ModelFamily is not null && string.IsNullOrWhiteSpace(ModelFamily))
        {
            throw new ArgumentOutOfRangeException(nameof(ModelFamily), ModelFamily, "The model family must not be blank; use null to read it from genai_config.json.");
        }
    }
}
