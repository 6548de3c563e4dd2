using Microsoft.Extensions.AI;

namespace Customizable.Vlm.AI.Tests;

/// <summary>An in-process <see cref="IChatClient"/> whose behaviour is a callback; records every request.</summary>
internal sealed class FakeChatClient : IChatClient
{
    public Func<IReadOnlyList<ChatMessage>, ChatOptions?, CancellationToken, Task<ChatResponse>> OnGetResponseAsync { get; set; } =
        (_, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "{\"is_anomalous\": false}")));

    public ChatClientMetadata Metadata { get; set; } = new("fake", null, "fake-model");

    public List<(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)> Requests { get; } = [];

    public static ChatResponse Reply(string text, string? modelId = "fake-model") =>
        new(new ChatMessage(ChatRole.Assistant, text)) { ModelId = modelId };

    /// <summary>A client that never answers: every call (still recorded) waits until its token is cancelled.</summary>
    public static FakeChatClient Hanging() => new()
    {
        OnGetResponseAsync = async (_, _, ct) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            return Reply("never");
        },
    };

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        List<ChatMessage> list = [.. messages];
        lock (Requests)
        {
            Requests.Add((list, options));
        }

        return OnGetResponseAsync(list, options, cancellationToken);
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The reasoner does not stream.");

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(ChatClientMetadata) ? Metadata : null;

    public void Dispose()
    {
    }
}
