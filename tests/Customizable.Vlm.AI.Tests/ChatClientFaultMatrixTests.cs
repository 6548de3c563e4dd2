using System.Diagnostics;
using System.Net;
using Customizable.Vlm.Reasoning;
using Microsoft.Extensions.AI;

namespace Customizable.Vlm.AI.Tests;

/// <summary>
/// Every way a chat model can fail, against the documented outcome: timeouts, HTTP 429 and 5xx (retried, then
/// <see cref="ChatReasonerException"/> with the status), other HTTP errors and unexpected exceptions (at once), garbage and empty
/// answers (an unparseable verdict, or <see cref="VerdictParseException"/> when strict), a model that never answers (the caller's
/// token honoured at once). No case may surface any other exception or take longer than its bound.
/// </summary>
public class ChatClientFaultMatrixTests
{
    /// <summary>Far above what the fastest retry schedule below needs (tens of milliseconds), far below a hang.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private static ChatClientReasonerOptions Options(bool strict = false) => new()
    {
        InitialRetryDelay = TimeSpan.FromMilliseconds(2),
        MaxRetryDelay = TimeSpan.FromMilliseconds(8),
        RequestTimeout = TimeSpan.FromMilliseconds(150),
        MaxRetries = 2,
        Parser = new VerdictParserOptions { Strict = strict },
    };

    private static Task<ChatResponse> Throw(Exception exception) => Task.FromException<ChatResponse>(exception);

    private static HttpRequestException Http(HttpStatusCode status) => new($"Response status code does not indicate success: {(int)status}.", null, status);

    public static TheoryData<string> Faults =>
    [
        "timeout", "http-429", "http-500", "http-503", "http-408", "connection-dropped", "http-400", "http-401", "unexpected-exception",
        "garbage", "empty", "no-message", "binary-noise", "strict-garbage", "never-answers", "429-then-answer",
    ];

    private static Func<IReadOnlyList<ChatMessage>, ChatOptions?, CancellationToken, Task<ChatResponse>> Behaviour(string fault)
    {
        int calls = 0;
        return fault switch
        {
            "timeout" => async (_, _, ct) =>
            {
                await Task.Delay(TimeSpan.FromSeconds(30), ct);
                return FakeChatClient.Reply("late");
            },
            "http-429" => (_, _, _) => Throw(Http(HttpStatusCode.TooManyRequests)),
            "http-500" => (_, _, _) => Throw(Http(HttpStatusCode.InternalServerError)),
            "http-503" => (_, _, _) => Throw(Http(HttpStatusCode.ServiceUnavailable)),
            "http-408" => (_, _, _) => Throw(Http(HttpStatusCode.RequestTimeout)),
            "connection-dropped" => (_, _, _) => Throw(new HttpRequestException("The response ended prematurely.", new IOException("reset"))),
            "http-400" => (_, _, _) => Throw(Http(HttpStatusCode.BadRequest)),
            "http-401" => (_, _, _) => Throw(Http(HttpStatusCode.Unauthorized)),
            "unexpected-exception" => (_, _, _) => Throw(new InvalidOperationException("the client is broken")),
            "garbage" or "strict-garbage" => (_, _, _) => Task.FromResult(FakeChatClient.Reply("<html><body>502 Bad Gateway</body></html>{{{")),
            "empty" => (_, _, _) => Task.FromResult(FakeChatClient.Reply(string.Empty)),
            "no-message" => (_, _, _) => Task.FromResult(new ChatResponse([])),
            "binary-noise" => (_, _, _) => Task.FromResult(FakeChatClient.Reply(new string([.. Enumerable.Range(0, 3000).Select(i => (char)((i * 7919) % 0xD7FF))]))),
            "never-answers" => async (_, _, ct) =>
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, ct);
                return FakeChatClient.Reply("never");
            },
            "429-then-answer" => (_, _, _) => Interlocked.Increment(ref calls) == 1
                ? Throw(Http(HttpStatusCode.TooManyRequests))
                : Task.FromResult(FakeChatClient.Reply("""{"is_anomalous": true, "confidence": 0.8}""")),
            _ => throw new ArgumentOutOfRangeException(nameof(fault)),
        };
    }

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Each_chat_client_fault_gives_its_documented_typed_outcome_and_never_anything_else(string fault)
    {
        var client = new FakeChatClient { OnGetResponseAsync = Behaviour(fault) };
        ChatClientReasonerOptions options = Options(strict: fault == "strict-garbage");
        if (fault == "never-answers")
        {
            options.RequestTimeout = TimeSpan.FromMinutes(10);
        }

        using var reasoner = new ChatClientAnomalyReasoner(client, options);
        using var caller = new CancellationTokenSource();
        if (fault == "never-answers")
        {
            caller.CancelAfter(TimeSpan.FromMilliseconds(200));
        }

        var clock = Stopwatch.StartNew();
        Exception? error = null;
        AnomalyVerdict? verdict = null;
        try
        {
            verdict = await reasoner.ReasonAsync(TestPrompts.Compose(), caller.Token);
        }
        catch (Exception ex)
        {
            error = ex;
        }

        clock.Stop();
        Assert.True(clock.Elapsed < Bound, $"{fault} took {clock.Elapsed}");
        int attempts = client.Requests.Count;
        switch (fault)
        {
            case "timeout":
                AssertChatError(error, status: null, transient: true, attempts, expectedAttempts: 3);
                break;
            case "http-429" or "http-500" or "http-503" or "http-408":
                AssertChatError(error, status: int.Parse(fault[5..], System.Globalization.CultureInfo.InvariantCulture), transient: true, attempts, expectedAttempts: 3);
                break;
            case "connection-dropped":
                AssertChatError(error, status: null, transient: true, attempts, expectedAttempts: 3);
                break;
            case "http-400" or "http-401":
                AssertChatError(error, status: int.Parse(fault[5..], System.Globalization.CultureInfo.InvariantCulture), transient: false, attempts, expectedAttempts: 1);
                break;
            case "unexpected-exception":
                AssertChatError(error, status: null, transient: false, attempts, expectedAttempts: 1);
                Assert.IsType<InvalidOperationException>(error!.InnerException);
                break;
            case "garbage" or "empty" or "no-message" or "binary-noise":
                Assert.Null(error);
                Assert.Equal(VerdictStatus.Unparseable, verdict!.Status);
                Assert.Null(verdict.IsAnomalous);
                Assert.Equal(0.5, verdict.Score);
                Assert.Equal(1, attempts);
                break;
            case "strict-garbage":
                Assert.IsType<VerdictParseException>(error);
                break;
            case "never-answers":
                Assert.IsAssignableFrom<OperationCanceledException>(error);
                Assert.Equal(1, attempts);
                break;
            case "429-then-answer":
                Assert.Null(error);
                Assert.True(verdict!.IsAnomalous);
                Assert.Equal(2, attempts);
                break;
        }
    }

    private static void AssertChatError(Exception? error, int? status, bool transient, int attempts, int expectedAttempts)
    {
        ChatReasonerException chat = Assert.IsType<ChatReasonerException>(error);
        Assert.Equal(status, chat.StatusCode);
        Assert.Equal(transient, chat.IsTransient);
        Assert.Equal(expectedAttempts, chat.Attempts);
        Assert.Equal(expectedAttempts, attempts);
    }
}
