using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Polly;
using Polly.Timeout;

namespace Customizable.Vlm.AI.Tests;

/// <summary>Retries and timeouts as chat middleware (a Polly pipeline in a <see cref="ResilientChatClient"/>), alone and as the chat
/// reasoner's default.</summary>
public class ResilientChatClientTests
{
    private static readonly ChatMessage[] Hello = [new(ChatRole.User, "hello")];

    private static ChatResilienceOptions Fast() => new()
    {
        InitialRetryDelay = TimeSpan.FromMilliseconds(5),
        MaxRetryDelay = TimeSpan.FromMilliseconds(20),
        AttemptTimeout = TimeSpan.FromSeconds(10),
    };

    /// <summary>A client that throws <paramref name="failure"/> on its first <paramref name="failures"/> calls, then answers.</summary>
    private static FakeChatClient FailingThenAnswering(int failures, Exception failure)
    {
        int calls = 0;
        return new FakeChatClient
        {
            OnGetResponseAsync = (_, _, _) => Interlocked.Increment(ref calls) <= failures
                ? Task.FromException<ChatResponse>(failure)
                : Task.FromResult(FakeChatClient.Reply("{\"is_anomalous\": false}")),
        };
    }

    [Fact]
    public async Task A_client_that_fails_twice_transiently_then_answers_is_answered_on_the_third_attempt()
    {
        using var inner = FailingThenAnswering(2, new HttpRequestException("busy", null, HttpStatusCode.TooManyRequests));
        using IChatClient client = new ChatClientBuilder(inner).UseResilience(o => o.InitialRetryDelay = TimeSpan.FromMilliseconds(5)).Build();

        ChatResponse response = await client.GetResponseAsync(Hello);

        Assert.Equal(3, inner.Requests.Count);
        Assert.Equal(3, response.AdditionalProperties![ResilientChatClient.AttemptsKey]);
        Assert.Equal("{\"is_anomalous\": false}", response.Text);
    }

    [Fact]
    public async Task The_default_pipeline_backs_off_exponentially_on_the_given_clock_up_to_the_cap_and_logs_each_retry()
    {
        using var inner = FailingThenAnswering(4, new StatusException(503));
        var clock = new FakeTimeProvider();
        var logger = new FakeLogger();
        var options = new ChatResilienceOptions
        {
            MaxRetries = 4,
            InitialRetryDelay = TimeSpan.FromSeconds(1),
            MaxRetryDelay = TimeSpan.FromSeconds(3),
            AttemptTimeout = Timeout.InfiniteTimeSpan,
        };
        using IChatClient client = new ResilientChatClient(inner, ChatResilience.CreatePipeline(options, clock, logger));
        DateTimeOffset start = clock.GetUtcNow();

        Task<ChatResponse> call = client.GetResponseAsync(Hello);
        var watch = Stopwatch.StartNew();
        while (!call.IsCompleted && watch.Elapsed < TimeSpan.FromSeconds(20))
        {
            clock.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Delay(2);
        }

        ChatResponse response = await call;
        Assert.Equal(5, response.AdditionalProperties![ResilientChatClient.AttemptsKey]);
        // 1 s, 2 s, then capped at 3 s twice: at least 9 s on the fake clock (a little more when a wait began after a step), while a
        // wait on the real clock would have let the loop advance the fake one by minutes.
        Assert.InRange(clock.GetUtcNow() - start, TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(20));
        Assert.Equal(
            ["retrying in 1000 ms.", "retrying in 2000 ms.", "retrying in 3000 ms.", "retrying in 3000 ms."],
            logger.Collector.GetSnapshot().Select(r => r.Message[r.Message.IndexOf("retrying", StringComparison.Ordinal)..]));
        Assert.All(logger.Collector.GetSnapshot(), r => Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, r.Level));
    }

    [Fact]
    public async Task Each_attempt_gets_its_own_copy_of_the_options()
    {
        using var inner = FailingThenAnswering(1, new StatusException(503));
        using IChatClient client = new ResilientChatClient(inner, ChatResilience.CreatePipeline(Fast()));
        var options = new ChatOptions { ModelId = "m" };

        await client.GetResponseAsync(Hello, options);

        Assert.Equal(2, inner.Requests.Count);
        Assert.NotSame(inner.Requests[0].Options, inner.Requests[1].Options);
        Assert.All(inner.Requests, r => Assert.Equal("m", r.Options!.ModelId));
    }

    [Fact]
    public async Task A_permanent_failure_is_not_retried_and_carries_its_attempt_count()
    {
        using var inner = FailingThenAnswering(5, new StatusException(401));
        using IChatClient client = new ResilientChatClient(inner, ChatResilience.CreatePipeline(Fast()));

        var error = await Assert.ThrowsAsync<StatusException>(() => client.GetResponseAsync(Hello));

        Assert.Single(inner.Requests);
        Assert.Equal(1, error.Data[ResilientChatClient.AttemptsKey]);
    }

    [Fact]
    public async Task Every_attempt_slower_than_the_timeout_is_abandoned_and_retried_then_the_timeout_surfaces()
    {
        using var inner = FakeChatClient.Hanging();
        ChatResilienceOptions options = Fast();
        options.AttemptTimeout = TimeSpan.FromMilliseconds(100);
        options.MaxRetries = 2;
        using IChatClient client = new ResilientChatClient(inner, ChatResilience.CreatePipeline(options));
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<TimeoutRejectedException>(() => client.GetResponseAsync(Hello));

        Assert.Equal(3, inner.Requests.Count);
        Assert.Equal(3, error.Data[ResilientChatClient.AttemptsKey]);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"{watch.Elapsed}");
    }

    [Fact]
    public async Task Cancelling_during_an_attempt_stops_at_once_without_a_retry()
    {
        using var inner = FakeChatClient.Hanging();
        using IChatClient client = new ResilientChatClient(inner, ChatResilience.CreatePipeline(Fast()));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetResponseAsync(Hello, cancellationToken: cts.Token));

        Assert.Single(inner.Requests);
    }

    [Fact]
    public async Task Cancelling_during_a_backoff_wait_stops_at_once()
    {
        using var inner = FailingThenAnswering(10, new StatusException(429));
        ChatResilienceOptions options = Fast();
        options.InitialRetryDelay = options.MaxRetryDelay = TimeSpan.FromSeconds(30);
        using IChatClient client = new ResilientChatClient(inner, ChatResilience.CreatePipeline(options));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetResponseAsync(Hello, cancellationToken: cts.Token));

        Assert.Single(inner.Requests);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"{watch.Elapsed}");
    }

    [Fact]
    public async Task A_pipeline_of_your_own_is_used_as_given()
    {
        using var inner = FailingThenAnswering(3, new InvalidOperationException("not transient by our rules"));
        ResiliencePipeline pipeline = new ResiliencePipelineBuilder()
            .AddRetry(new() { MaxRetryAttempts = 3, Delay = TimeSpan.Zero, ShouldHandle = new PredicateBuilder().Handle<InvalidOperationException>() })
            .Build();
        using IChatClient client = new ChatClientBuilder(inner).UseResilience(pipeline).Build();

        await client.GetResponseAsync(Hello);

        Assert.Equal(4, inner.Requests.Count);
        Assert.Same(pipeline, client.GetService<ResilientChatClient>()!.Pipeline);
    }

    [Theory]
    [InlineData(408, true)]
    [InlineData(429, true)]
    [InlineData(500, true)]
    [InlineData(503, true)]
    [InlineData(400, false)]
    [InlineData(401, false)]
    [InlineData(404, false)]
    public void Http_statuses_are_classified_as_before(int status, bool transient)
    {
        Assert.Equal(transient, ChatResilience.IsTransient(new StatusException(status)));
        Assert.Equal(transient, ChatResilience.IsTransient(new HttpRequestException("x", null, (HttpStatusCode)status)));
    }

    [Fact]
    public void Timeouts_and_dropped_connections_are_transient_and_other_errors_are_not()
    {
        Assert.True(ChatResilience.IsTransient(new TimeoutRejectedException()));
        Assert.True(ChatResilience.IsTransient(new TimeoutException()));
        Assert.True(ChatResilience.IsTransient(new HttpRequestException("reset", new IOException("reset"))));
        Assert.False(ChatResilience.IsTransient(new InvalidOperationException("broken")));
        Assert.Throws<ArgumentNullException>(() => ChatResilience.IsTransient(null!));
    }

    [Theory]
    [InlineData(-1, 1000)]
    [InlineData(11, 1000)]
    [InlineData(3, 5)]
    public void Out_of_range_resilience_options_are_rejected_naming_the_option(int maxRetries, int timeoutMs)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ChatResilience.CreatePipeline(new ChatResilienceOptions { MaxRetries = maxRetries, AttemptTimeout = TimeSpan.FromMilliseconds(timeoutMs) }));

        Assert.Equal(maxRetries is < 0 or > 10 ? nameof(ChatResilienceOptions.MaxRetries) : nameof(ChatResilienceOptions.AttemptTimeout), error.ParamName);
    }

    [Fact]
    public async Task The_reasoner_adds_no_second_retry_layer_when_its_client_already_has_one()
    {
        using var inner = FailingThenAnswering(10, new StatusException(503));
        ChatResilienceOptions once = Fast();
        once.MaxRetries = 1;
        using IChatClient client = new ChatClientBuilder(inner).UseResilience(ChatResilience.CreatePipeline(once)).Build();
        using var reasoner = new ChatClientAnomalyReasoner(client, new ChatClientReasonerOptions { MaxRetries = 5, InitialRetryDelay = TimeSpan.Zero });

        var error = await Assert.ThrowsAsync<ChatReasonerException>(() => reasoner.ReasonAsync(TestPrompts.Compose()));

        Assert.Equal(2, inner.Requests.Count);
        Assert.Equal(2, error.Attempts);
        Assert.Equal(503, error.StatusCode);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task Without_the_default_resilience_the_reasoner_asks_once_and_reports_the_failure_typed()
    {
        using var inner = FailingThenAnswering(1, new StatusException(503));
        using var reasoner = new ChatClientAnomalyReasoner(inner, new ChatClientReasonerOptions { UseDefaultResilience = false });

        var error = await Assert.ThrowsAsync<ChatReasonerException>(() => reasoner.ReasonAsync(TestPrompts.Compose()));

        Assert.Single(inner.Requests);
        Assert.Equal(1, error.Attempts);
        Assert.True(error.IsTransient);
        Assert.Null(reasoner.GetService<ResilientChatClient>());
    }

    [Fact]
    public async Task The_DI_registered_reasoner_retries_through_a_resilient_client_by_default()
    {
        using var inner = FailingThenAnswering(2, new HttpRequestException("down", null, HttpStatusCode.BadGateway));
        var services = new ServiceCollection();
        services.AddSingleton<IChatClient>(inner);
        services.AddCustomizableVlm().AddChatClientReasoner(o =>
        {
            o.InitialRetryDelay = TimeSpan.FromMilliseconds(5);
            o.MaxRetryDelay = TimeSpan.FromMilliseconds(10);
        });
        using ServiceProvider provider = services.BuildServiceProvider();
        IAnomalyReasoner reasoner = provider.GetRequiredService<IAnomalyReasoner>();

        AnomalyVerdict verdict = await reasoner.ReasonAsync(TestPrompts.Compose());

        Assert.NotNull(reasoner.GetService<ResilientChatClient>());
        Assert.Same(inner, reasoner.GetService<IChatClient>());
        Assert.Equal(3, inner.Requests.Count);
        Assert.Equal(3, verdict.AdditionalProperties![ChatClientAnomalyReasoner.AttemptsProperty]);
    }
}
