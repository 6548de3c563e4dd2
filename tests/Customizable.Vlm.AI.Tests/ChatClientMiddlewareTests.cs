using System.Text.Json;
using Customizable.Vlm.Imaging;
using Customizable.Vlm.Prompting;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Customizable.Vlm.AI.Tests;

/// <summary>The chat reasoner composed with Microsoft.Extensions.AI's own caching middleware: its requests must be deterministic for
/// <c>UseDistributedCache</c> to recognise a repeated inspection.</summary>
public class ChatClientMiddlewareTests
{
    private static MemoryDistributedCache NewCache() => new(Options.Create(new MemoryDistributedCacheOptions()));

    private static ChatClientReasonerOptions Fast() => new()
    {
        InitialRetryDelay = TimeSpan.FromMilliseconds(5),
        MaxRetryDelay = TimeSpan.FromMilliseconds(20),
        RequestTimeout = TimeSpan.FromSeconds(10),
    };

    private static string Serialized(List<ChatMessage> messages, ChatOptions options) =>
        JsonSerializer.Serialize(messages, AIJsonUtilities.DefaultOptions) + "\n" + JsonSerializer.Serialize(options, AIJsonUtilities.DefaultOptions);

    [Fact]
    public void Two_separately_composed_identical_prompts_give_byte_identical_requests_even_from_two_reasoners()
    {
        using var client = new FakeChatClient();
        using var first = new ChatClientAnomalyReasoner(client, Fast());
        using var second = new ChatClientAnomalyReasoner(client, Fast());

        (List<ChatMessage> m1, ChatOptions o1) = first.BuildRequest(TestPrompts.Compose());
        (List<ChatMessage> m2, ChatOptions o2) = second.BuildRequest(TestPrompts.Compose());
        (List<ChatMessage> m3, ChatOptions o3) = second.BuildRequest(TestPrompts.Compose(querySeed: 9));

        Assert.Equal(Serialized(m1, o1), Serialized(m2, o2));
        Assert.NotEqual(Serialized(m1, o1), Serialized(m3, o3));
        Assert.Null(o1.ConversationId);
        Assert.Null(o1.AdditionalProperties);
        Assert.All(m1, m => Assert.Null(m.MessageId));
        Assert.All(m1, m => Assert.Null(m.CreatedAt));
    }

    [Fact]
    public async Task Two_identical_inspections_through_UseDistributedCache_reach_the_model_once()
    {
        using var inner = new FakeChatClient { OnGetResponseAsync = (_, _, _) => Task.FromResult(FakeChatClient.Reply("{\"is_anomalous\": true, \"confidence\": 0.6, \"defect_type\": \"solder bridge\"}")) };
        using IChatClient cached = new ChatClientBuilder(inner).UseDistributedCache(NewCache()).Build();
        using var reasoner = new ChatClientAnomalyReasoner(cached, Fast());

        AnomalyVerdict first = await reasoner.ReasonAsync(TestPrompts.Compose());
        AnomalyVerdict second = await reasoner.ReasonAsync(TestPrompts.Compose());

        Assert.Single(inner.Requests);
        Assert.True(second.IsAnomalous);
        Assert.Equal(first.Score, second.Score);
        Assert.Equal("solder bridge", second.DefectType);
        Assert.Equal(first.AdditionalProperties![ChatClientAnomalyReasoner.RequestKeyProperty], second.AdditionalProperties![ChatClientAnomalyReasoner.RequestKeyProperty]);

        await reasoner.ReasonAsync(TestPrompts.Compose(querySeed: 3));
        Assert.Equal(2, inner.Requests.Count);
    }

    [Fact]
    public async Task Two_identical_inspections_of_one_profile_through_the_inspector_and_a_cached_client_reach_the_model_once()
    {
        using var inner = new FakeChatClient();
        using IChatClient cached = new ChatClientBuilder(inner).UseDistributedCache(NewCache()).UseResilience().Build();
        using var reasoner = new ChatClientAnomalyReasoner(cached, Fast());
        var inspector = new AnomalyInspector(reasoner);
        InspectionSpec spec = TestPrompts.Spec();
        spec.References.Add(ImageObservation.FromFrame(TestPrompts.Frame(32, 24, 1)));
        InspectionProfile profile = await inspector.CustomizeAsync(spec);

        AnomalyVerdict first = await inspector.InspectAsync(profile, ImageObservation.FromFrame(TestPrompts.Frame(32, 24, 2)));
        AnomalyVerdict second = await inspector.InspectAsync(profile, ImageObservation.FromFrame(TestPrompts.Frame(32, 24, 2)));

        Assert.Single(inner.Requests);
        Assert.Equal(first.IsAnomalous, second.IsAnomalous);
        Assert.Same(cached.GetService<ResilientChatClient>(), reasoner.GetService<ResilientChatClient>());
    }

    [Fact]
    public async Task With_DI_AddChatClient_UseDistributedCache_and_AddChatClientReasoner_compose_into_one_cached_resilient_pipeline()
    {
        using var inner = new FakeChatClient();
        var services = new ServiceCollection();
        services.AddDistributedMemoryCache();
        services.AddChatClient(inner).UseDistributedCache().UseResilience(o => o.InitialRetryDelay = TimeSpan.Zero);
        services.AddCustomizableVlm().AddChatClientReasoner(o => o.ModelId = "gpt-4o-mini");
        using ServiceProvider provider = services.BuildServiceProvider();
        IAnomalyReasoner reasoner = provider.GetRequiredService<IAnomalyReasoner>();

        await reasoner.ReasonAsync(TestPrompts.Compose());
        await reasoner.ReasonAsync(TestPrompts.Compose());

        Assert.Single(inner.Requests);
        Assert.NotNull(reasoner.GetService<DistributedCachingChatClient>());
        Assert.Same(provider.GetRequiredService<IChatClient>().GetService<ResilientChatClient>(), reasoner.GetService<ResilientChatClient>());
    }

    [Fact]
    public async Task A_profiles_reference_is_encoded_once_and_its_image_content_reused_while_queries_are_encoded_every_time()
    {
        using var client = new FakeChatClient();
        using var reasoner = new ChatClientAnomalyReasoner(client, Fast());
        EncodedView reference = TestPrompts.View(1);
        var composer = new DefaultPromptComposer();
        InspectionSpec spec = TestPrompts.Spec();

        for (byte query = 2; query < 5; query++)
        {
            AnomalyPrompt prompt = await composer.ComposeAsync(new PromptContext(spec, [reference], [TestPrompts.View(query)]));
            await reasoner.ReasonAsync(prompt);
        }

        Assert.Equal(1 + 3, reasoner.ImageEncodings);
        DataContent[] references = [.. client.Requests.Select(r => r.Messages[^1].Contents.OfType<DataContent>().First())];
        Assert.Same(references[0], references[1]);
        Assert.Same(references[0], references[2]);
        Assert.Equal(FrameEncoding.ToPng(reference.Frame), references[0].Data.ToArray());
    }

    [Fact]
    public async Task Another_reference_frame_is_encoded_anew_and_jpeg_references_are_cached_too()
    {
        using var client = new FakeChatClient();
        ChatClientReasonerOptions options = Fast();
        options.ImageEncoding = ChatImageEncoding.Jpeg;
        using var reasoner = new ChatClientAnomalyReasoner(client, options);

        await reasoner.ReasonAsync(TestPrompts.Compose(referenceSeed: 1));
        await reasoner.ReasonAsync(TestPrompts.Compose(referenceSeed: 1));

        // Composed twice, the references are two frames (with equal pixels): nothing ties them, so both are encoded.
        Assert.Equal(4, reasoner.ImageEncodings);
        Assert.All(client.Requests, r => Assert.Equal("image/jpeg", r.Messages[^1].Contents.OfType<DataContent>().First().MediaType));
    }
}
