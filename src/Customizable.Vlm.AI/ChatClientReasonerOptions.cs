using Customizable.Vlm.Reasoning;
using Microsoft.Extensions.AI;

namespace Customizable.Vlm.AI;

/// <summary>Options of <see cref="ChatClientAnomalyReasoner"/>.</summary>
/// <remarks>A mutable options class; the reasoner copies it at construction. Use <see cref="Clone"/> to derive variants.</remarks>
public sealed class ChatClientReasonerOptions
{
    /// <summary>Gets or sets the model id sent with every request (<see cref="ChatOptions.ModelId"/>), or null for the client's default.</summary>
    public string? ModelId { get; set; }

    /// <summary>Gets or sets how images are encoded; defaults to <see cref="ChatImageEncoding.Png"/>.</summary>
    public ChatImageEncoding ImageEncoding { get; set; } = ChatImageEncoding.Png;

    /// <summary>Gets or sets the JPEG quality in [1, 100] used with <see cref="ChatImageEncoding.Jpeg"/>; defaults to 90.</summary>
    public int JpegQuality { get; set; } = 90;

    /// <summary>Gets or sets a value indicating whether a JSON answer is requested through <see cref="ChatOptions.ResponseFormat"/> when the
    /// spec's format is <see cref="AnswerFormat.Json"/> (default true). The original method's format
    /// (<see cref="AnswerFormat.OriginalCorrectness"/>) is requested in the prompt text only, as the original did. Turn this off for
    /// servers that reject <c>response_format</c>.</summary>
    public bool RequestJsonResponseFormat { get; set; } = true;

    /// <summary>Gets or sets the sampling temperature, or null for the model's default; defaults to 0 (repeatable answers).</summary>
    public float? Temperature { get; set; } = 0f;

    /// <summary>Gets or sets the largest number of tokens of an answer, or null for the model's default; defaults to 512.</summary>
    public int? MaxOutputTokens { get; set; } = 512;

    /// <summary>Gets or sets a value indicating whether the reasoner sends its requests through a <see cref="ResilientChatClient"/> built
    /// by <see cref="ChatResilience.CreatePipeline"/> from <see cref="MaxRetries"/>, <see cref="RequestTimeout"/>,
    /// <see cref="InitialRetryDelay"/> and <see cref="MaxRetryDelay"/> (default true). It never adds one when the chat client's pipeline
    /// already holds a <see cref="ResilientChatClient"/> (found through <c>GetService</c>), e.g. from
    /// <c>new ChatClientBuilder(inner).UseResilience(pipeline)</c>. Set false when the client retries on its own (a provider SDK's retry
    /// policy) and you want no second layer; the four options below are then unused.</summary>
    public bool UseDefaultResilience { get; set; } = true;

    /// <summary>Gets or sets how long one attempt may take in the default resilience pipeline before it counts as a transient failure
    /// (then retried); at least 10 ms, defaults to 60 s. <see cref="Timeout.InfiniteTimeSpan"/> disables it. See
    /// <see cref="UseDefaultResilience"/>.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets how many times the default resilience pipeline retries a transient failure (timeout, HTTP 408, 429, 5xx, a
    /// dropped connection: <see cref="ChatResilience.IsTransient"/>), in [0, 10]; defaults to 3. See
    /// <see cref="UseDefaultResilience"/>.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Gets or sets the wait before the first retry of the default resilience pipeline; each further retry waits twice as long,
    /// up to <see cref="MaxRetryDelay"/>. Defaults to 1 s.</summary>
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the longest wait between two attempts of the default resilience pipeline; defaults to 30 s.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the answer cache, or null for none (the default). Answers are cached by model id and the SHA-256 of the
    /// request (messages, image bytes, response format, sampling options); only answers that could be read are cached.</summary>
    [Obsolete(AnswerCacheObsolete.Message)]
    public IAnswerCache? AnswerCache { get; set; }

    /// <summary>Gets or sets how answers are parsed (strict mode, scan limit, the meaning of a bare "yes").</summary>
    public VerdictParserOptions Parser { get; set; } = new();

    /// <summary>Gets or sets a callback that adjusts the <see cref="ChatOptions"/> of every request (e.g. top-p, a seed, provider options),
    /// or null. Runs after the options above are applied and before the cache key is computed; it must be deterministic (no per-call ids or
    /// random seeds) for a caching chat client to recognise a repeated request.</summary>
    public Action<ChatOptions>? ConfigureChatOptions { get; set; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a value is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(JpegQuality, 1, nameof(JpegQuality));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(JpegQuality, 100, nameof(JpegQuality));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRetries, 0, nameof(MaxRetries));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxRetries, 10, nameof(MaxRetries));
        if (RequestTimeout != Timeout.InfiniteTimeSpan && RequestTimeout < ChatResilienceOptions.MinAttemptTimeout)
        {
            throw new ArgumentOutOfRangeException(nameof(RequestTimeout), RequestTimeout, "The timeout must be at least 10 ms, or infinite.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(InitialRetryDelay, TimeSpan.Zero, nameof(InitialRetryDelay));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(InitialRetryDelay, TimeSpan.FromDays(1), nameof(InitialRetryDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRetryDelay, InitialRetryDelay, nameof(MaxRetryDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxOutputTokens ?? 1, 1, nameof(MaxOutputTokens));
        if (!Enum.IsDefined(ImageEncoding))
        {
            throw new ArgumentOutOfRangeException(nameof(ImageEncoding), ImageEncoding, "Unknown image encoding.");
        }

        ArgumentNullException.ThrowIfNull(Parser, nameof(Parser));
        Parser.Validate();
    }

    /// <summary>The options of the default resilience pipeline.</summary>
    internal ChatResilienceOptions ToResilienceOptions() => new()
    {
        MaxRetries = MaxRetries,
        AttemptTimeout = RequestTimeout,
        InitialRetryDelay = InitialRetryDelay,
        MaxRetryDelay = MaxRetryDelay,
    };

    /// <summary>Returns a copy (the parser options are copied too; the cache and the callback are shared).</summary>
    /// <returns>The copy.</returns>
    public ChatClientReasonerOptions Clone()
    {
        var copy = (ChatClientReasonerOptions)MemberwiseClone();
        copy.Parser = Parser?.Clone()!;
        return copy;
    }
}
