using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Polly;

namespace Customizable.Vlm.AI;

/// <summary>Adds a <see cref="ResilientChatClient"/> to a <see cref="ChatClientBuilder"/>:
/// <c>new ChatClientBuilder(inner).UseDistributedCache(cache).UseResilience().Build()</c>.</summary>
/// <remarks>Order matters as for any middleware: the first <c>Use</c> is the outermost. Put the cache before the resilience so that a
/// cached answer skips the retries and a retried answer is cached once.</remarks>
public static class ResilienceChatClientBuilderExtensions
{
    /// <summary>Adds a <see cref="ResilientChatClient"/> that runs requests through <paramref name="pipeline"/>.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="pipeline">The pipeline (for instance from <see cref="ChatResilience.CreatePipeline"/>, or your own).</param>
    /// <returns>The builder, to chain calls.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static ChatClientBuilder UseResilience(this ChatClientBuilder builder, ResiliencePipeline pipeline)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(pipeline);
        return builder.Use(inner => new ResilientChatClient(inner, pipeline));
    }

    /// <summary>Adds a <see cref="ResilientChatClient"/> with the pipeline of <see cref="ChatResilience.CreatePipeline"/>: retries of
    /// transient failures with exponential backoff and a per-attempt timeout. The clock is the <see cref="TimeProvider"/> registered in
    /// the builder's services, if any; retries are logged through its <see cref="ILoggerFactory"/>, if any.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Adjusts the options, or null for the defaults (3 retries from 1 s, 60 s per attempt).</param>
    /// <returns>The builder, to chain calls.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When the client is built: an option is out of range.</exception>
    public static ChatClientBuilder UseResilience(this ChatClientBuilder builder, Action<ChatResilienceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new ChatResilienceOptions();
        configure?.Invoke(options);
        return builder.Use((inner, services) => new ResilientChatClient(
            inner,
            ChatResilience.CreatePipeline(
                options,
                services.GetService<TimeProvider>(),
                services.GetService<ILoggerFactory>()?.CreateLogger(typeof(ResilientChatClient).FullName!))));
    }
}
