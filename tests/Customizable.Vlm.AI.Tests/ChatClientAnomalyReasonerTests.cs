using System.Net;
using Customizable.Vlm.Imaging;
using Customizable.Vlm.Prompting;
using Customizable.Vlm.Reasoning;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Customizable.Vlm.AI.Tests;

// The obsolete IAnswerCache keeps working until it is removed; its tests stay to prove it.
#pragma warning disable CS0618
public class ChatClientAnomalyReasonerTests
{
    private static ChatClientReasonerOptions Fast() => new()
    {
        InitialRetryDelay = TimeSpan.FromMilliseconds(5),
        MaxRetryDelay = TimeSpan.FromMilliseconds(20),
        RequestTimeout = TimeSpan.FromSeconds(10),
    };

    [Fact]
    public async Task The_prompt_becomes_a_system_message_and_one_user_message_with_texts_and_png_images_in_order()
    {
        using var client = new FakeChatClient();
        using var reasoner = new ChatClientAnomalyReasoner(client, Fast());
        AnomalyPrompt prompt = TestPrompts.Compose();

        await reasoner.ReasonAsync(prompt);

        (IReadOnlyList<ChatMessage> messages, ChatOptions? options) = Assert.Single(client.Requests);
        Assert.Equal([ChatRole.System, ChatRole.User], messages.Select(m => m.Role));
        Assert.Contains("printed circuit board, component side", messages[0].Text, StringComparison.Ordinal);
        IList<AIContent> contents = messages[1].Contents;
        Assert.Equal(
            ["TextContent", "DataContent", "TextContent", "DataContent", "TextContent"],
            contents.Select(c => c.GetType().Name));
        var images = contents.OfType<DataContent>().ToList();
        Assert.All(images, i => Assert.Equal("image/png", i.MediaType));
        Assert.Equal(FrameEncoding.ToPng(prompt.ReferenceImages.Single().View.Frame), images[0].Data.ToArray());
        Assert.Equal(FrameEncoding.ToPng(prompt.QueryImages.Single().View.Frame), images[1].Data.ToArray());
        Assert.IsType<ChatResponseFormatJson>(options!.ResponseFormat);
        Assert.Equal(0f, options.Temperature);
    }

    [Fact]
    public async Task Jpeg_encoding_sends_jpeg_images()
    {
        using var client = new FakeChatClient();
        ChatClientReasonerOptions options = Fast();
        options.ImageEncoding = ChatImageEncoding.Jpeg;
        using var reasoner = new ChatClientAnomalyReasoner(client, options);

        await reasoner.ReasonAsync(TestPrompts.Compose());

        var images = client.Requests[0].Messages[1].Contents.OfType<DataContent>().ToList();
        Assert.Equal(2, images.Count);
        Assert.All(images, i => Assert.Equal("image/jpeg", i.MediaType));
        Assert.All(images, i => Assert.Equal([0xFF, 0xD8], i.Data[..2].ToArray()));
    }

    [Fact]
    public async Task The_original_format_is_asked_in_the_text_only_and_its_correctness_answer_is_read()
    {
        using var client = new FakeChatClient { OnGetResponseAsync = (_, _, _) => Task.FromResult(FakeChatClient.Reply("{\"reasoning\": \"A pin is bridged.\", \"correctness\": 0}")) };
        using var reasoner = new ChatClientAnomalyReasoner(client, Fast());
        InspectionSpec spec = TestPrompts.Spec(AnswerFormat.OriginalCorrectness);
        spec.ClassContext = "circuit board";

        AnomalyVerdict verdict = await reasoner.ReasonAsync(TestPrompts.Compose(spec, PromptTemplates.Original));

        Assert.Null(client.Requests[0].Options!.ResponseFormat);
        Assert.Single(client.Requests[0].Messages);
        Assert.True(verdict.IsAnomalous);
        Assert.Equal(1.0, verdict.Score);
        Assert.Equal(VerdictStatus.Parsed, verdict.Status);
        Assert.Equal("A pin is bridged.", verdict.Reasoning);
    }

    [Fact]
    public async Task The_verdict_carries_the_parsed_answer_the_model_id_and_the_raw_response()
    {
        ChatResponse reply = FakeChatClient.Reply("{\"is_anomalous\": true, \"confidence\": 0.6, \"defect_type\": \"solder bridge\", \"reasoning\": \"Pins 3 and 4 are joined.\"}", "vlm-2025-01");
        using var client = new FakeChatClient { OnGetResponseAsync = (_, _, _) => Task.FromResult(reply) };
        using var reasoner = new ChatClientAnomalyReasoner(client, Fast());

        AnomalyVerdict verdict = await reasoner.ReasonAsync(TestPrompts.Compose());

        Assert.True(verdict.IsAnomalous);
        Assert.Equal(0.8, verdict.Score, 12);
        Assert.Equal("solder bridge", verdict.DefectType);
        Assert.Equal("vlm-2025-01", verdict.ModelId);
        Assert.Same(reply, verdict.RawRepresentation);
        Assert.Equal(1, verdict.AdditionalProperties![ChatClientAnomalyReasoner.AttemptsProperty]);
        Assert.Equal(VerdictScoreSource.SelfReportedConfidence, verdict.AdditionalProperties[VerdictPropertyNames.ScoreSource]);
    }

    [Fact]
    public async Task An_unreadable_answer_is_an_unparseable_verdict_not_an_error()
    {
        using var client = new FakeChatClient { OnGetResponseAsync = (_, _, _) => Task.FromResult(FakeChatClient.Reply("I'm sorry, I can't help with that.")) };
        using var reasoner = new ChatClientAnomalyReasoner(client, Fast());

        AnomalyVerdict verdict = await reasoner.ReasonAsync(TestPrompts.Compose());

        Assert.Equal(VerdictStatus.Unparseable, verdict.Status);
        Assert.Null(verdict.IsAnomalous);
        Assert.Equal("I'm sorry, I can't help with that.", verdict.RawText);
    }

    [Fact]
    public async Task A_strict_parser_turns_an_unreadable_answer_into_a_typed_exception()
    {
        using var client = new FakeChatClient { OnGetResponseAsync = (_, _, _) => Task.FromResult(FakeChatClient.Reply("Looks fine to me")) };
        ChatClientReasonerOptions options = Fast();
        options.Parser.Strict = true;
        using var reasoner = new ChatClientAnomalyReasoner(client, options);

        await Assert.ThrowsAsync<VerdictParseException>(() => reasoner.ReasonAsync(TestPrompts.Compose()));
    }

    public static TheoryData<Exception> TransientFailures() => new()
    {
        new HttpRequestException("busy", null, HttpStatusCode.TooManyRequests),
        new HttpRequestException("down", null, HttpStatusCode.BadGateway),
        new HttpRequestException("connection reset"),
        new StatusException(503),
        new InvalidOperationException("wrapped", new StatusException(500)),
    };

    [Theory]
    [MemberData(nameof(TransientFailures))]
    public async Task Transient_failures_are_retried_until_an_answer_comes(Exception failure)
    {
        int calls = 0;
        using var client = new FakeChatClient
        {
            OnGetResponseAsync = (_, _, _) => ++calls <= 2 ? Task.FromException<ChatResponse>(failure) : Task.FromResult(FakeChatClient.Reply("{\"is_anomalous\": false}")),
        };
        using var reasoner = new ChatClientAnomalyReasoner(client, Fast());

        AnomalyVerdict verdict = await reasoner.ReasonAsync(TestPrompts.Compose());

        Assert.Equal(3, calls);
        Assert.False(verdict.IsAnomalous);
        Assert.Equal(3, verdict.AdditionalProperties![ChatClientAnomalyReasoner.AttemptsProperty]);
    }

    [Fact]
    public async Task Persistent_transient_failures_end_in_a_typed_exception_after_the_retry_cap()
    {
        int calls = 0;
        using var client = new FakeChatClient { OnGetResponseAsync = (_, _, _) => { calls++; return Task.FromException<ChatResponse>(new StatusException(503)); } };
        ChatClientReasonerOptions options = Fast();
        options.MaxRetries = 2;
        using var reasoner = new ChatClientAnomalyReasoner(client, options);

        var error = await Assert.ThrowsAsync<ChatReasonerException>(() => reasoner.ReasonAsync(TestPrompts.Compose()));

        Assert.Equal(3, calls);
        Assert.Equal(3, error.Attempts);
        Assert.Equal(503, error.StatusCode);
        Assert.True(error.IsTransient);
        Assert.IsType<StatusException>(error.InnerException);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(404)]
    public async Task A_permanent_failure_is_not_retried(int status)
    {
        int calls = 0;
        using var client = new FakeChatClient { OnGetResponseAsync = (_, _, _) => { calls++; return Task.FromException<ChatResponse>(new StatusException(status)); } };
        using var reasoner = new ChatClientAnomalyReasoner(client, Fast());

        var error = await Assert.ThrowsAsync<ChatReasonerException>(() => reasoner.ReasonAsync(TestPrompts.Compose()));

        Assert.Equal(1, calls);
        Assert.Equal(status, error.StatusCode);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task A_model_slower_than_the_timeout_is_retried_then_reported_as_a_timeout()
    {
        using var client = FakeChatClient.Hanging();
        ChatClientReasonerOptions options = Fast();
        options.RequestTimeout = TimeSpan.FromMilliseconds(100);
        options.MaxRetries = 1;
        using var reasoner = new ChatClientAnomalyReasoner(client, options);

        var error = await Assert.ThrowsAsync<ChatReasonerException>(() => reasoner.ReasonAsync(TestPrompts.Compose()));

        Assert.Equal(2, client.Requests.Count);
        Assert.IsType<Polly.Timeout.TimeoutRejectedException>(error.InnerException);
        Assert.True(error.IsTransient);
        Assert.Null(error.StatusCode);
    }

    [Fact]
    public async Task Cancelling_during_the_call_raises_operation_cancelled_and_is_not_retried()
    {
        using var client = FakeChatClient.Hanging();
        using var reasoner = new ChatClientAnomalyReasoner(client, Fast());
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reasoner.ReasonAsync(TestPrompts.Compose(), cts.Token));
        Assert.Single(client.Requests);
    }

    [Fact]
    public async Task Cancelling_during_a_backoff_wait_stops_at_once()
    {
        using var client = new FakeChatClient { OnGetResponseAsync = (_, _, _) => Task.FromException<ChatResponse>(new StatusException(429)) };
        ChatClientReasonerOptions options = Fast();
        options.InitialRetryDelay = options.MaxRetryDelay = TimeSpan.FromSeconds(30);
        using var reasoner = new ChatClientAnomalyReasoner(client, options);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var watch = System.Diagnostics.Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reasoner.ReasonAsync(TestPrompts.Compose(), cts.Token));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task The_in_memory_cache_answers_a_repeated_prompt_without_asking_the_model_again()
    {
        using var client = new FakeChatClient { OnGetResponseAsync = (_, _, _) => Task.FromResult(FakeChatClient.Reply("{\"is_anomalous\": true}")) };
        ChatClientReasonerOptions options = Fast();
        var cache = new InMemoryAnswerCache();
        options.AnswerCache = cache;
        using var reasoner = new ChatClientAnomalyReasoner(client, options);

        AnomalyVerdict first = await reasoner.ReasonAsync(TestPrompts.Compose());
        AnomalyVerdict second = await reasoner.ReasonAsync(TestPrompts.Compose());
        AnomalyVerdict other = await reasoner.ReasonAsync(TestPrompts.Compose(querySeed: 3));

        Assert.Equal(2, client.Requests.Count);
        Assert.Equal(false, first.AdditionalProperties![ChatClientAnomalyReasoner.CacheHitProperty]);
        Assert.Equal(true, second.AdditionalProperties![ChatClientAnomalyReasoner.CacheHitProperty]);
        Assert.True(second.IsAnomalous);
        Assert.Equal("fake-model", second.ModelId);
        Assert.NotEqual(first.AdditionalProperties[ChatClientAnomalyReasoner.RequestKeyProperty], other.AdditionalProperties![ChatClientAnomalyReasoner.RequestKeyProperty]);
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public async Task Another_model_id_is_another_cache_key()
    {
        using var client = new FakeChatClient();
        var cache = new InMemoryAnswerCache();
        ChatClientReasonerOptions a = Fast();
        a.AnswerCache = cache;
        a.ModelId = "model-a";
        ChatClientReasonerOptions b = a.Clone();
        b.ModelId = "model-b";

        using var first = new ChatClientAnomalyReasoner(client, a);
        using var second = new ChatClientAnomalyReasoner(client, b);
        await first.ReasonAsync(TestPrompts.Compose());
        await second.ReasonAsync(TestPrompts.Compose());

        Assert.Equal(2, client.Requests.Count);
        Assert.Equal("model-b", client.Requests[1].Options!.ModelId);
    }

    [Fact]
    public async Task Unparseable_answers_are_not_cached_so_they_are_asked_again()
    {
        using var client = new FakeChatClient { OnGetResponseAsync = (_, _, _) => Task.FromResult(FakeChatClient.Reply("hmm")) };
        ChatClientReasonerOptions options = Fast();
        options.AnswerCache = new InMemoryAnswerCache();
        using var reasoner = new ChatClientAnomalyReasoner(client, options);

        await reasoner.ReasonAsync(TestPrompts.Compose());
        await reasoner.ReasonAsync(TestPrompts.Compose());

        Assert.Equal(2, client.Requests.Count);
    }

    [Fact]
    public async Task The_directory_cache_survives_a_new_reasoner_and_leaves_no_temporary_files()
    {
        string directory = Path.Combine(Path.GetTempPath(), "cvlm-answers-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var client = new FakeChatClient { OnGetResponseAsync = (_, _, _) => Task.FromResult(FakeChatClient.Reply("{\"correctness\": 1, \"reasoning\": \"clean joints\"}")) };
            ChatClientReasonerOptions options = Fast();
            options.AnswerCache = new DirectoryAnswerCache(directory);
            using (var first = new ChatClientAnomalyReasoner(client, options))
            {
                await first.ReasonAsync(TestPrompts.Compose());
            }

            options.AnswerCache = new DirectoryAnswerCache(directory);
            using var second = new ChatClientAnomalyReasoner(client, options);
            AnomalyVerdict verdict = await second.ReasonAsync(TestPrompts.Compose());

            Assert.Single(client.Requests);
            Assert.Equal(true, verdict.AdditionalProperties![ChatClientAnomalyReasoner.CacheHitProperty]);
            Assert.Equal("clean joints", verdict.Reasoning);
            string file = Assert.Single(Directory.GetFiles(directory));
            Assert.EndsWith(".txt", file, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_directory_cache_rejects_keys_that_could_escape_the_directory()
    {
        var cache = new DirectoryAnswerCache(Path.GetTempPath());

        await Assert.ThrowsAsync<ArgumentException>(async () => await cache.SetAsync("../evil", "x"));
    }

    [Fact]
    public void GetService_returns_the_reasoner_its_options_and_the_chat_client()
    {
        using var client = new FakeChatClient();
        using var reasoner = new ChatClientAnomalyReasoner(client, Fast());

        Assert.Same(reasoner, reasoner.GetService<ChatClientAnomalyReasoner>());
        Assert.Same(client, reasoner.GetService<IChatClient>());
        Assert.Equal(TimeSpan.FromSeconds(10), reasoner.GetService<ChatClientReasonerOptions>()!.RequestTimeout);
        Assert.Equal("fake-model", reasoner.GetService<ChatClientMetadata>()!.DefaultModelId);
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(101, 3)]
    [InlineData(90, -1)]
    [InlineData(90, 11)]
    public void Out_of_range_options_are_rejected(int jpegQuality, int maxRetries)
    {
        using var client = new FakeChatClient();

        Assert.Throws<ArgumentOutOfRangeException>(() => new ChatClientAnomalyReasoner(client, new ChatClientReasonerOptions { JpegQuality = jpegQuality, MaxRetries = maxRetries }));
    }

    [Fact]
    public void AddChatClientReasoner_registers_the_reasoner_over_the_registered_chat_client()
    {
        using var client = new FakeChatClient();
        var services = new ServiceCollection();
        services.AddSingleton<IChatClient>(client);
        services.AddCustomizableVlm().AddChatClientReasoner(o => o.ModelId = "from-di");
        using ServiceProvider provider = services.BuildServiceProvider();

        var reasoner = Assert.IsType<ChatClientAnomalyReasoner>(provider.GetRequiredService<IAnomalyReasoner>());

        Assert.Equal("from-di", reasoner.Options.ModelId);
        Assert.Same(client, reasoner.GetService<IChatClient>());
        Assert.NotNull(provider.GetRequiredService<AnomalyInspector>());
    }

    [Fact]
    public void AddChatClientReasoner_can_use_a_keyed_chat_client()
    {
        using var plain = new FakeChatClient();
        using var keyed = new FakeChatClient();
        var services = new ServiceCollection();
        services.AddSingleton<IChatClient>(plain);
        services.AddKeyedSingleton<IChatClient>("vision", keyed);
        services.AddCustomizableVlm().AddChatClientReasoner(chatClientKey: "vision");
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Same(keyed, provider.GetRequiredService<IAnomalyReasoner>().GetService<IChatClient>());
    }

    [Fact]
    public void AddChatClientReasoner_validates_options_when_the_reasoner_is_created_naming_the_key()
    {
        using var client = new FakeChatClient();
        var services = new ServiceCollection();
        services.AddSingleton<IChatClient>(client);
        services.AddCustomizableVlm().AddChatClientReasoner(o => o.MaxRetries = 50);
        using ServiceProvider provider = services.BuildServiceProvider();

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(provider.GetRequiredService<IAnomalyReasoner>);

        Assert.Contains("ChatClientReasonerOptions:MaxRetries", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keyed_chat_reasoners_read_the_options_named_after_their_key_and_Configure_after_registration_applies()
    {
        using var client = new FakeChatClient();
        var services = new ServiceCollection();
        services.AddSingleton<IChatClient>(client);
        services.AddCustomizableVlm()
            .AddChatClientReasoner(o => o.ModelId = "plain")
            .AddKeyedChatClientReasoner("tire", o => o.ModelId = "tire-model");
        services.Configure<ChatClientReasonerOptions>("tire", o => o.MaxRetries = 1);
        using ServiceProvider provider = services.BuildServiceProvider();

        var tire = (ChatClientAnomalyReasoner)provider.GetRequiredKeyedService<IAnomalyReasoner>("tire");

        Assert.Equal("tire-model", tire.Options.ModelId);
        Assert.Equal(1, tire.Options.MaxRetries);
        Assert.Equal("plain", provider.GetRequiredService<ChatClientAnomalyReasoner>().Options.ModelId);
        Assert.Same(tire, provider.GetRequiredKeyedService<AnomalyInspector>("tire").Reasoner);
        Assert.Throws<InvalidOperationException>(() => services.AddCustomizableVlm().AddChatClientReasoner());
    }
}
