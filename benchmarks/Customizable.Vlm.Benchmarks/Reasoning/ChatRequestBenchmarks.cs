using BenchmarkDotNet.Attributes;
using Customizable.Vlm.AI;
using Customizable.Vlm.Prompting;
using Microsoft.Extensions.AI;

namespace Customizable.Vlm.Benchmarks.Reasoning;

/// <summary>
/// Building one chat request (messages with every image as <see cref="DataContent"/>) for a profile of 4 references and one query,
/// all 1024x1024 (the composer's default longest side): a reasoner that has not seen the profile's references encodes all 5 images
/// (what every inspection cost before references were encoded once per profile) versus one that has, which encodes the query only.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class ChatRequestBenchmarks
{
    private const int Side = PromptComposerOptions.DefaultMaxImageSide;
    private readonly NoChatClient _client = new();
    private ChatClientReasonerOptions _options = null!;
    private ChatClientAnomalyReasoner _warm = null!;
    private AnomalyPrompt _prompt = null!;

    [Params(ChatImageEncoding.Png, ChatImageEncoding.Jpeg)]
    public ChatImageEncoding Encoding { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _options = new ChatClientReasonerOptions { ImageEncoding = Encoding, UseDefaultResilience = false };
        EncodedView[] references = [.. Enumerable.Range(1, 4).Select(i => new EncodedView(SyntheticParts.Create(Side, i), ImageProvenance.Identity(Side, Side), "image"))];
        EncodedView query = new(SyntheticParts.Create(Side, 99), ImageProvenance.Identity(Side, Side), "image");
        var spec = new InspectionSpec { TaskDescription = "Decide whether the part has a surface defect." };
        _prompt = new DefaultPromptComposer().ComposeAsync(new PromptContext(spec, references, [query])).AsTask().GetAwaiter().GetResult();
        _warm = new ChatClientAnomalyReasoner(_client, _options);
        _warm.BuildRequest(_prompt);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _warm.Dispose();
        _client.Dispose();
    }

    /// <summary>A reasoner new to the profile: the 4 references and the query are encoded.</summary>
    [Benchmark(Baseline = true)]
    public object EveryImageEncoded()
    {
        using var cold = new ChatClientAnomalyReasoner(_client, _options);
        return cold.BuildRequest(_prompt);
    }

    /// <summary>A reasoner that has built a request for the profile before: only the query is encoded.</summary>
    [Benchmark]
    public object ReferencesEncodedOncePerProfile() => _warm.BuildRequest(_prompt);

    /// <summary>Never called: the benchmark only builds requests.</summary>
    private sealed class NoChatClient : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
