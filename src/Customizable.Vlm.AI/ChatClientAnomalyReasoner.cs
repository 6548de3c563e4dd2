using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
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
/// <para>Middleware: caching, retries, timeouts, logging and telemetry are the chat client's business, composed with
/// Microsoft.Extensions.AI's <see cref="ChatClientBuilder"/>: <c>new ChatClientBuilder(inner).UseDistributedCache(cache).UseResilience().Build()</c>.
/// The request is deterministic (same prompt, same messages, image bytes and options; no per-call ids), so a caching client answers a
/// repeated inspection without asking the model again.</para>
/// <para>Failures: unless the chat client's pipeline already holds a <see cref="ResilientChatClient"/> or
/// <see cref="ChatClientReasonerOptions.UseDefaultResilience"/> is false, requests go through one built by
/// <see cref="ChatResilience.CreatePipeline"/> from the options: each attempt limited by <see cref="ChatClientReasonerOptions.RequestTimeout"/>;
/// timeouts, HTTP 408, 429, 5xx and dropped connections retried with exponential backoff (<see cref="ChatClientReasonerOptions.InitialRetryDelay"/>
/// doubling up to <see cref="ChatClientReasonerOptions.MaxRetryDelay"/>, at most <see cref="ChatClientReasonerOptions.MaxRetries"/> times).
/// What the client finally throws becomes <see cref="ChatReasonerException"/> (status code, transient or not, attempts). An answer that
/// cannot be read is not an error: the verdict is <see cref="VerdictStatus.Unparseable"/> (unless <see cref="VerdictParserOptions.Strict"/>,
/// then <see cref="VerdictParseException"/>). Cancellation by the caller stops the current attempt and any wait, and raises
/// <see cref="OperationCanceledException"/>.</para>
/// <para>Images: reference images (<see cref="PromptImageRole.Reference"/>) are encoded once per reasoner and reference frame (an
/// inspection profile's reference views are the same frames on every inspection; frames are immutable by contract) and the encoded
/// <see cref="DataContent"/> is reused by later requests; it is released when the frame is. Query images are encoded on every call.</para>
/// <para>Thread-safety: safe for concurrent <see cref="ReasonAsync"/> calls if the chat client is (Microsoft.Extensions.AI clients are).
/// Ownership: the chat client stays the caller's; <see cref="Dispose"/> releases nothing of theirs.</para>
/// </remarks>
public sealed partial class ChatClientAnomalyReasoner : IAnomalyReasoner
{
    private readonly IChatClient _client;
    private readonly IChatClient _sender;
    private readonly ConditionalWeakTable<RawFrame, DataContent> _encodedReferences = [];
    private readonly ChatClientReasonerOptions _options;
    private readonly ILogger _logger;
    private int _imageEncodings;

    /// <summary>Initializes a new reasoner.</summary>
    /// <param name="client">The chat client; not owned.</param>
    /// <param name="options">Options; null for defaults. Copied.</param>
    /// <param name="logger">A logger; null for none.</param>
    /// <param name="timeProvider">The clock for the default resilience pipeline's timeouts and backoff; null for the system clock.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public ChatClientAnomalyReasoner(IChatClient client, ChatClientReasonerOptions? options = null, ILogger<ChatClientAnomalyReasoner>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _options = options?.Clone() ?? new ChatClientReasonerOptions();
        _options.Validate();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _sender = _options.UseDefaultResilience && client.GetService<ResilientChatClient>() is null
            ? new ResilientChatClient(client, ChatResilience.CreatePipeline(_options.ToResilienceOptions(), timeProvider, _logger))
            : client;
    }

    /// <summary>The key under which a verdict records how many attempts its answer took (an <see cref="int"/>), as a
    /// <see cref="ResilientChatClient"/> in the chat client's pipeline counted them; 1 without one, 0 from the obsolete answer cache.</summary>
    public const string AttemptsProperty = "cvlm.attempts";

    /// <summary>The key under which a verdict records whether its answer came from the obsolete <see cref="ChatClientReasonerOptions.AnswerCache"/>
    /// (a <see cref="bool"/>). A caching chat client (<c>UseDistributedCache</c>) answers without telling; this stays false then.</summary>
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

#pragma warning disable CS0618 // The obsolete answer cache keeps working until it is removed.
        IAnswerCache? answerCache = _options.AnswerCache;
#pragma warning restore CS0618
        if (answerCache is { } cache && await cache.GetAsync(key, cancellationToken).ConfigureAwait(false) is { } cached)
        {
            Log.CacheHit(_logger, key);
            return Finish(VerdictParser.Parse(cached, _options.Parser), modelId, null, 0, true, key);
        }

        long started = Stopwatch.GetTimestamp();
        (ChatResponse response, int attempts) = await AskAsync(messages, chatOptions, cancellationToken).ConfigureAwait(false);
        string text = response.Text;
        AnomalyVerdict verdict = Finish(VerdictParser.Parse(text, _options.Parser), response.ModelId ?? modelId, response, attempts, false, key);
        Log.Answered(_logger, verdict.ModelId, verdict.Status, attempts, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        if (answerCache is { } store && verdict.Status != VerdictStatus.Unparseable)
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

        // Through the default resilience client, when there is one, to the caller's client and its pipeline.
        return _sender.GetService(serviceType, serviceKey);
    }

    /// <summary>Does nothing: the chat client belongs to the caller.</summary>
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
                case ImagePromptPart { Role: PromptImageRole.Reference } reference:
                    contents.Add(_encodedReferences.GetValue(reference.View.Frame, Encode));
                    break;
                case ImagePromptPart image:
                    contents.Add(Encode(image.View.Frame));
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

    /// <summary>Gets how many images this reasoner has encoded (references once per frame, queries every call); for tests.</summary>
    internal int ImageEncodings => Volatile.Read(ref _imageEncodings);

    private DataContent Encode(RawFrame frame)
    {
        Interlocked.Increment(ref _imageEncodings);
        return _options.ImageEncoding == ChatImageEncoding.Jpeg
            ? new DataContent(FrameEncoding.ToJpeg(frame, _options.JpegQuality), "image/jpeg")
            : new DataContent(FrameEncoding.ToPng(frame), "image/png");
    }

    private async Task<(ChatResponse Response, int Attempts)> AskAsync(List<ChatMessage> messages, ChatOptions chatOptions, CancellationToken cancellationToken)
    {
        try
        {
            ChatResponse response = await _sender.GetResponseAsync(messages, chatOptions, cancellationToken).ConfigureAwait(false);
            return (response, Attempts(response.AdditionalProperties?.TryGetValue(ResilientChatClient.AttemptsKey, out object? n) == true ? n : null));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception failure) when (failure is not ChatReasonerException)
        {
            int attempts = Attempts(failure.Data[ResilientChatClient.AttemptsKey]);
            int? status = TransientFailures.StatusCode(failure);
            bool transient = TransientFailures.IsTransient(failure, status);
            string what = status is { } s ? string.Create(CultureInfo.InvariantCulture, $"HTTP {s}") : failure.GetType().Name;
            throw new ChatReasonerException(
                transient
                    ? $"The chat model failed {attempts} time(s) with transient errors; the last was {what}: {failure.Message}"
                    : $"The chat model refused the request ({what}): {failure.Message}",
                failure,
                attempts,
                status,
                transient);
        }
    }

    /// <summary>Reads an attempt count recorded by <see cref="ResilientChatClient"/>: an <see cref="int"/>, or a JSON number when a
    /// caching client stored and restored the response; 1 when none was recorded.</summary>
    private static int Attempts(object? recorded) => recorded switch
    {
        int n => n,
        JsonElement { ValueKind: JsonValueKind.Number } json when json.TryGetInt32(out int n) => n,
        _ => 1,
    };

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
        [LoggerMessage(2, LogLevel.Debug, "Answer {Key} found in the cache.")]
        public static partial void CacheHit(ILogger logger, string key);

        [LoggerMessage(3, LogLevel.Debug, "Model {ModelId} answered ({Status}) after {Attempts} attempt(s) in {Milliseconds:0} ms.")]
        public static partial void Answered(ILogger logger, string? modelId, VerdictStatus status, int attempts, double milliseconds);
    }
}
