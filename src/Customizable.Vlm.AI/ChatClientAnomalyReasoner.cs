using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Customizable.Vlm.Imaging;
using Customizable.Vlm.Reasoning;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Customizable.Vlm.AI;

/// <summary>
/// An <see cref="IAnomalyReasoner"/> over any <see cref="IChatClient"/> vision-language model (OpenAI, Azure OpenAI, Ollama, ...): sends
/// the composed prompt (system text as a system message; captions, instructions and images, in order, as one user message with the
/// images as <see cref="DataContent"/>) and reads the answer with <see cref="VerdictParser"/>.
/// </summary>
/// <remarks>
/// <para>Score (<see cref="AnomalyVerdict.Score"/>, in [0, 1], at least 0.5 exactly when anomalous; its source is stored under
/// <see cref="VerdictPropertyNames.ScoreSource"/>): the model's self-reported anomaly score when it gives one that agrees with its
/// decision; else its self-reported confidence <c>c</c> mapped around 0.5 (<c>0.5 ± c/2</c>); else 1 or 0 for the bare label; 0.5 with
/// <see cref="AnomalyVerdict.IsAnomalous"/> null when the answer cannot be read. Self-reported numbers are the model's words, not
/// calibrated probabilities: they rank queries only as well as the model can judge itself. For a measured score use the embedded
/// feature reasoner or a hybrid of both.</para>
/// <para>Failures: each attempt is limited by <see cref="ChatClientReasonerOptions.RequestTimeout"/>; timeouts, HTTP 408, 429, 5xx and
/// dropped connections are retried with exponential backoff (<see cref="ChatClientReasonerOptions.InitialRetryDelay"/> doubling up to
/// <see cref="ChatClientReasonerOptions.MaxRetryDelay"/>, at most <see cref="ChatClientReasonerOptions.MaxRetries"/> times); then, or at
/// once for other errors, <see cref="ChatReasonerException"/>. An answer that cannot be read is not an error: the verdict is
/// <see cref="VerdictStatus.Unparseable"/> (unless <see cref="VerdictParserOptions.Strict"/>, then <see cref="VerdictParseException"/>).
/// Cancellation by the caller stops the current attempt and any wait, and raises <see cref="OperationCanceledException"/>.</para>
/// <para>Thread-safety: safe for concurrent <see cref="ReasonAsync"/> calls if the chat client is (Microsoft.Extensions.AI clients are).
/// Ownership: the chat client and the answer cache stay the caller's; <see cref="Dispose"/> releases nothing of theirs.</para>
/// </remarks>
public sealed partial class ChatClientAnomalyReasoner : IAnomalyReasoner
{
    private readonly IChatClient _client;
    private readonly ChatClientReasonerOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    /// <summary>Initializes a new reasoner.</summary>
    /// <param name="client">The chat client; not owned.</param>
    /// <param name="options">Options; null for defaults. Copied.</param>
    /// <param name="logger">A logger; null for none.</param>
    /// <param name="timeProvider">The clock for timeouts and backoff; null for the system clock.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public ChatClientAnomalyReasoner(IChatClient client, ChatClientReasonerOptions? options = null, ILogger<ChatClientAnomalyReasoner>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _options = options?.Clone() ?? new ChatClientReasonerOptions();
        _options.Validate();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The key under which a verdict records how many attempts its answer took (an <see cref="int"/>).</summary>
    public const string AttemptsProperty = "cvlm.attempts";

    /// <summary>The key under which a verdict records whether its answer came from the cache (a <see cref="bool"/>).</summary>
    public const string CacheHitProperty = "cvlm.cache_hit";

    /// <summary>The key under which a verdict records the request's cache key (SHA-256, hexadecimal).</summary>
    public const string RequestKeyProperty = "cvlm.request_key";

    /// <summary>Gets a copy of the options.</summary>
    public ChatClientReasonerOptions Options => _options.Clone();

    /// <inheritdoc />
    /// <exception cref="ChatReasonerException">The model could not be asked (permanent error, or retries exhausted).</exception>
    /// <exception cref="VerdictParseException">Only with a strict parser: the answer is not a well-formed verdict.</exception>
    public async Task<AnomalyVerdict> ReasonAsync(AnomalyPrompt prompt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        cancellationToken.ThrowIfCancellationRequested();
        (List<ChatMessage> messages, ChatOptions chatOptions) = BuildRequest(prompt);
        string? modelId = chatOptions.ModelId ?? _client.GetService<ChatClientMetadata>()?.DefaultModelId;
        string key = RequestKey(modelId, messages, chatOptions);

        if (_options.AnswerCache is { } cache && await cache.GetAsync(key, cancellationToken).ConfigureAwait(false) is { } cached)
        {
            Log.CacheHit(_logger, key);
            return Finish(VerdictParser.Parse(cached, _options.Parser), modelId, null, 0, true, key);
        }

        long started = Stopwatch.GetTimestamp();
        (ChatResponse response, int attempts) = await AskAsync(messages, chatOptions, cancellationToken).ConfigureAwait(false);
        string text = response.Text;
        AnomalyVerdict verdict = Finish(VerdictParser.Parse(text, _options.Parser), response.ModelId ?? modelId, response, attempts, false, key);
        Log.Answered(_logger, verdict.ModelId, verdict.Status, attempts, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        if (_options.AnswerCache is { } store && verdict.Status != VerdictStatus.Unparseable)
        {
            await store.SetAsync(key, text, cancellationToken).ConfigureAwait(false);
        }

        return verdict;
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is null)
        {
            if (serviceType.IsInstanceOfType(this))
            {
                return this;
            }

            if (serviceType == typeof(ChatClientReasonerOptions))
            {
                return _options.Clone();
            }

            if (serviceType == typeof(AnomalyReasonerMetadata))
            {
                // A chat model reads the whole prompt; it precomputes no reference model.
                return new AnomalyReasonerMetadata("chat", AnomalyReasonerInputs.PromptText | AnomalyReasonerInputs.ReferenceImages | AnomalyReasonerInputs.QueryImages, _options.ModelId ?? _client.GetService<ChatClientMetadata>()?.DefaultModelId);
            }

            if (serviceType.IsInstanceOfType(_client))
            {
                return _client;
            }
        }

        return _client.GetService(serviceType, serviceKey);
    }

    /// <summary>Does nothing: the chat client and the cache belong to the caller.</summary>
    public void Dispose()
    {
    }

    /// <summary>Builds the chat request for a prompt: the messages and options exactly as they will be sent.</summary>
    /// <param name="prompt">The prompt.</param>
    /// <returns>The messages and the chat options.</returns>
    internal (List<ChatMessage> Messages, ChatOptions Options) BuildRequest(AnomalyPrompt prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var messages = new List<ChatMessage>(2);
        string system = string.Join("\n\n", prompt.Parts.OfType<TextPromptPart>().Where(p => p.Role == PromptTextRole.System).Select(p => p.Text));
        if (system.Length > 0)
        {
            messages.Add(new ChatMessage(ChatRole.System, system));
        }

        var contents = new List<AIContent>();
        foreach (PromptPart part in prompt.Parts)
        {
            switch (part)
            {
                case TextPromptPart { Role: PromptTextRole.System }:
                    break;
                case TextPromptPart text:
                    contents.Add(new TextContent(text.Text));
                    break;
                case ImagePromptPart image:
                    contents.Add(_options.ImageEncoding == ChatImageEncoding.Jpeg
                        ? new DataContent(FrameEncoding.ToJpeg(image.View.Frame, _options.JpegQuality), "image/jpeg")
                        : new DataContent(FrameEncoding.ToPng(image.View.Frame), "image/png"));
                    break;
            }
        }

        messages.Add(new ChatMessage(ChatRole.User, contents));
        var chatOptions = new ChatOptions
        {
            ModelId = _options.ModelId,
            Temperature = _options.Temperature,
            MaxOutputTokens = _options.MaxOutputTokens,
        };
        if (_options.RequestJsonResponseFormat && prompt.Spec.AnswerFormat == AnswerFormat.Json)
        {
            chatOptions.ResponseFormat = ChatResponseFormat.Json;
        }

        _options.ConfigureChatOptions?.Invoke(chatOptions);
        return (messages, chatOptions);
    }

    private async Task<(ChatResponse Response, int Attempts)> AskAsync(List<ChatMessage> messages, ChatOptions chatOptions, CancellationToken cancellationToken)
    {
        int maxAttempts = _options.MaxRetries + 1;
        for (int attempt = 1; ; attempt++)
        {
            using var timeout = _options.RequestTimeout == Timeout.InfiniteTimeSpan
                ? new CancellationTokenSource()
                : new CancellationTokenSource(_options.RequestTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            Exception failure;
            try
            {
                ChatResponse response = await _client.GetResponseAsync(messages, chatOptions.Clone(), linked.Token).ConfigureAwait(false);
                return (response, attempt);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (OperationCanceledException ex) when (timeout.IsCancellationRequested)
            {
                failure = new TimeoutException($"The chat model did not answer within {_options.RequestTimeout.TotalSeconds:0.###} s.", ex);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failure = ex;
            }

            int? status = TransientFailures.StatusCode(failure);
            bool transient = TransientFailures.IsTransient(failure, status);
            if (!transient || attempt >= maxAttempts)
            {
                string what = status is { } s ? string.Create(CultureInfo.InvariantCulture, $"HTTP {s}") : failure.GetType().Name;
                throw new ChatReasonerException(
                    transient
                        ? $"The chat model failed {attempt} time(s) with transient errors; the last was {what}: {failure.Message}"
                        : $"The chat model refused the request ({what}): {failure.Message}",
                    failure,
                    attempt,
                    status,
                    transient);
            }

            TimeSpan delay = RetryDelay(attempt);
            Log.Retrying(_logger, attempt, maxAttempts, status, failure.GetType().Name, delay.TotalMilliseconds);
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private TimeSpan RetryDelay(int attempt)
    {
        double ms = _options.InitialRetryDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
        return TimeSpan.FromMilliseconds(Math.Min(ms, _options.MaxRetryDelay.TotalMilliseconds));
    }

    private static AnomalyVerdict Finish(AnomalyVerdict verdict, string? modelId, ChatResponse? response, int attempts, bool cacheHit, string key)
    {
        verdict.ModelId = modelId;
        verdict.RawRepresentation = response;
        verdict.AdditionalProperties ??= new Dictionary<string, object?>(StringComparer.Ordinal);
        verdict.AdditionalProperties[AttemptsProperty] = attempts;
        verdict.AdditionalProperties[CacheHitProperty] = cacheHit;
        verdict.AdditionalProperties[RequestKeyProperty] = key;
        return verdict;
    }

    /// <summary>SHA-256 over the model id and everything sent: roles, texts, image media types and bytes, response format, sampling.</summary>
    private static string RequestKey(string? modelId, List<ChatMessage> messages, ChatOptions options)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string? s)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(s ?? "\0null");
            hash.AppendData(BitConverter.GetBytes(bytes.Length));
            hash.AppendData(bytes);
        }

        Add("cvlm-chat-v1");
        Add(modelId);
        Add(options.ResponseFormat switch { ChatResponseFormatJson => "json", ChatResponseFormatText => "text", null => "none", _ => "other" });
        Add(options.Temperature?.ToString("R", CultureInfo.InvariantCulture));
        Add(options.MaxOutputTokens?.ToString(CultureInfo.InvariantCulture));
        Add(options.TopP?.ToString("R", CultureInfo.InvariantCulture));
        Add(options.Seed?.ToString(CultureInfo.InvariantCulture));
        foreach (ChatMessage message in messages)
        {
            Add(message.Role.Value);
            foreach (AIContent content in message.Contents)
            {
                switch (content)
                {
                    case TextContent text:
                        Add("text");
                        Add(text.Text);
                        break;
                    case DataContent data:
                        Add(data.MediaType);
                        hash.AppendData(BitConverter.GetBytes(data.Data.Length));
                        hash.AppendData(data.Data.Span);
                        break;
                    default:
                        Add(content.GetType().FullName);
                        break;
                }
            }
        }

        return Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant();
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Chat model attempt {Attempt} of {MaxAttempts} failed transiently (status {Status}, {Error}); retrying in {DelayMs:0} ms.")]
        public static partial void Retrying(ILogger logger, int attempt, int maxAttempts, int? status, string error, double delayMs);

        [LoggerMessage(2, LogLevel.Debug, "Answer {Key} found in the cache.")]
        public static partial void CacheHit(ILogger logger, string key);

        [LoggerMessage(3, LogLevel.Debug, "Model {ModelId} answered ({Status}) after {Attempts} attempt(s) in {Milliseconds:0} ms.")]
        public static partial void Answered(ILogger logger, string? modelId, VerdictStatus status, int attempts, double milliseconds);
    }
}
