using Microsoft.Extensions.AI;
using Polly;

namespace Customizable.Vlm.AI;

/// <summary>
/// Chat middleware that runs every <see cref="IChatClient.GetResponseAsync"/> through a Polly <see cref="ResiliencePipeline"/> (retries,
/// timeouts, a circuit breaker: whatever the pipeline holds). Compose it with
/// <see cref="ResilienceChatClientBuilderExtensions.UseResilience(ChatClientBuilder, ResiliencePipeline)"/>.
/// </summary>
/// <remarks>
/// <para>Each attempt gets a fresh copy of the <see cref="ChatOptions"/> and the same messages. The number of attempts is recorded
/// under <see cref="AttemptsKey"/>: in the response's <see cref="ChatResponse.AdditionalProperties"/> (an <see cref="int"/>; a caching
/// client placed before this one stores it with the answer, so a cached answer keeps the count of the request that filled the cache),
/// and in <see cref="Exception.Data"/> of the exception that ends the call when the pipeline gives up.</para>
/// <para>Streaming requests pass through without the pipeline: a stream cannot be replayed once updates were handed out.</para>
/// <para>Cancellation by the caller is passed to the pipeline and the inner client, and surfaces as
/// <see cref="OperationCanceledException"/>. Thread-safety: as safe as the inner client and the pipeline (Polly pipelines are).
/// Ownership: disposing this client disposes the inner client (as every <see cref="DelegatingChatClient"/> does); the pipeline is
/// not disposable.</para>
/// <para>Find it anywhere in a pipeline with <c>client.GetService&lt;ResilientChatClient&gt;()</c>; the chat reasoner does so to avoid
/// adding a second retry layer.</para>
/// </remarks>
public sealed class ResilientChatClient : DelegatingChatClient
{
    /// <summary>The key under which the number of attempts is recorded (an <see cref="int"/>).</summary>
    public const string AttemptsKey = "cvlm.attempts";

    /// <summary>Initializes a new client.</summary>
    /// <param name="innerClient">The client that answers.</param>
    /// <param name="pipeline">The pipeline every request runs through; see <see cref="ChatResilience.CreatePipeline"/>.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public ResilientChatClient(IChatClient innerClient, ResiliencePipeline pipeline)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        Pipeline = pipeline;
    }

    /// <summary>Gets the pipeline every request runs through.</summary>
    public ResiliencePipeline Pipeline { get; }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var state = new Call(InnerClient, messages as IReadOnlyList<ChatMessage> ?? [.. messages], options);
        try
        {
            ChatResponse response = await Pipeline.ExecuteAsync(
                static (call, ct) => call.SendAsync(ct),
                state,
                cancellationToken).ConfigureAwait(false);
            response.AdditionalProperties ??= [];
            response.AdditionalProperties[AttemptsKey] = state.Attempts;
            return response;
        }
        catch (Exception ex) when (state.Attempts > 0)
        {
            ex.Data[AttemptsKey] = state.Attempts;
            throw;
        }
    }

    /// <summary>One request and its attempt count.</summary>
    private sealed class Call(IChatClient client, IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        private int _attempts;

        public int Attempts => Volatile.Read(ref _attempts);

        public async ValueTask<ChatResponse> SendAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _attempts);
            return await client.GetResponseAsync(messages, options?.Clone(), cancellationToken).ConfigureAwait(false);
        }
    }
}
