using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;

namespace Customizable.Vlm.AI;

/// <summary>Builds the Polly <see cref="ResiliencePipeline"/> that chat requests of an anomaly reasoner run through, and classifies
/// chat client failures as transient or permanent.</summary>
/// <remarks>The pipeline is plain Polly (<c>Polly.Core</c>): compose it with <see cref="ResilienceChatClientBuilderExtensions.UseResilience(Microsoft.Extensions.AI.ChatClientBuilder, ResiliencePipeline)"/>,
/// or build your own and reuse <see cref="IsTransient"/> as its <c>ShouldHandle</c>. Pipelines are thread-safe and meant to be shared.</remarks>
public static partial class ChatResilience
{
    /// <summary>The name given to the pipelines built here (Polly telemetry reports it).</summary>
    public const string PipelineName = "Customizable.Vlm.Chat";

    /// <summary>
    /// Builds a pipeline that retries transient failures (<see cref="IsTransient"/>) with exponential backoff, without jitter
    /// (<see cref="ChatResilienceOptions.InitialRetryDelay"/> doubling up to <see cref="ChatResilienceOptions.MaxRetryDelay"/>, at most
    /// <see cref="ChatResilienceOptions.MaxRetries"/> times), each attempt limited by <see cref="ChatResilienceOptions.AttemptTimeout"/>.
    /// Cancellation by the caller is never retried.
    /// </summary>
    /// <param name="options">The options, or null for the defaults (3 retries from 1 s, 60 s per attempt). Read once.</param>
    /// <param name="timeProvider">The clock for timeouts and backoff; null for the system clock.</param>
    /// <param name="logger">Where each retry is logged (a warning), or null for nowhere.</param>
    /// <returns>The pipeline; thread-safe.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static ResiliencePipeline CreatePipeline(ChatResilienceOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ChatResilienceOptions o = options?.Clone() ?? new ChatResilienceOptions();
        o.Validate();
        ILogger log = logger ?? NullLogger.Instance;
        var builder = new ResiliencePipelineBuilder { Name = PipelineName, TimeProvider = timeProvider ?? TimeProvider.System };
        if (o.MaxRetries > 0)
        {
            int maxAttempts = o.MaxRetries + 1;
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = o.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
                Delay = o.InitialRetryDelay,
                MaxDelay = o.MaxRetryDelay,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } e && !args.Context.CancellationToken.IsCancellationRequested && IsTransient(e)),
                OnRetry = args =>
                {
                    Exception failure = args.Outcome.Exception!;
                    Log.Retrying(log, args.AttemptNumber + 1, maxAttempts, TransientFailures.StatusCode(failure), failure.GetType().Name, args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            });
        }

        if (o.AttemptTimeout != Timeout.InfiniteTimeSpan)
        {
            builder.AddTimeout(o.AttemptTimeout);
        }

        return builder.Build();
    }

    /// <summary>
    /// Whether a chat client failure is worth retrying: an HTTP status 408, 429 or 5xx (read from <see cref="HttpRequestException.StatusCode"/>,
    /// or an <see cref="int"/> <c>Status</c> / <see cref="System.Net.HttpStatusCode"/> <c>StatusCode</c> property as provider SDKs'
    /// exceptions carry, on the exception or an inner one); without a status, a timeout (<see cref="TimeoutException"/>, Polly's
    /// <see cref="Polly.Timeout.TimeoutRejectedException"/>) or a dropped connection (<see cref="HttpRequestException"/>,
    /// <see cref="IOException"/>). Other HTTP statuses (400, 401, 404, ...) and other exceptions are permanent.
    /// </summary>
    /// <param name="exception">The failure.</param>
    /// <returns>True when a retry may succeed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> is null.</exception>
    public static bool IsTransient(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return TransientFailures.IsTransient(exception, TransientFailures.StatusCode(exception));
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Chat model attempt {Attempt} of {MaxAttempts} failed transiently (status {Status}, {Error}); retrying in {DelayMs:0} ms.")]
        public static partial void Retrying(ILogger logger, int attempt, int maxAttempts, int? status, string error, double delayMs);
    }
}
