using System.ClientModel;
using System.Globalization;
using System.ClientModel.Primitives;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Customizable.Vlm.Imaging;
using Customizable.Vlm.Prompting;
using Customizable.Vlm.Reasoning;
using Microsoft.Extensions.AI;
using OpenAI;
using Xunit.Abstractions;

namespace Customizable.Vlm.AI.Tests.Loopback;

/// <summary>The real Microsoft.Extensions.AI.OpenAI client against an OpenAI-compatible endpoint hosted on 127.0.0.1: checks the wire
/// format and how malformed, failing and slow replies end.</summary>
public sealed class OpenAiLoopbackTests(ITestOutputHelper output)
{
    private static IChatClient OpenAiClient(LoopbackOpenAiServer server, TimeSpan? networkTimeout = null) =>
        new OpenAI.Chat.ChatClient(
            "loopback-vlm",
            new ApiKeyCredential("test-key"),
            new OpenAIClientOptions
            {
                Endpoint = server.BaseUri,
                // The reasoner retries; the SDK's own retries would compound with them, so they are off here.
                RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
                NetworkTimeout = networkTimeout ?? TimeSpan.FromSeconds(30),
            }).AsIChatClient();

    private static ChatClientReasonerOptions Fast() => new()
    {
        InitialRetryDelay = TimeSpan.FromMilliseconds(10),
        MaxRetryDelay = TimeSpan.FromMilliseconds(50),
        RequestTimeout = TimeSpan.FromSeconds(20),
    };

    private static byte[] DataUriBytes(string uri, string mediaType)
    {
        string prefix = $"data:{mediaType};base64,";
        Assert.StartsWith(prefix, uri, StringComparison.Ordinal);
        return Convert.FromBase64String(uri[prefix.Length..]);
    }

    [Fact]
    public async Task The_request_carries_system_text_captions_both_images_as_data_uris_in_order_and_the_json_response_format()
    {
        await using LoopbackOpenAiServer server = await LoopbackOpenAiServer.StartAsync();
        server.ThenAnswer("{\"is_anomalous\": true, \"confidence\": 0.9, \"defect_type\": \"solder bridge\", \"reasoning\": \"Pins 3 and 4 of the IC are joined by solder.\"}");
        using IChatClient client = OpenAiClient(server);
        using var reasoner = new ChatClientAnomalyReasoner(client, Fast());
        AnomalyPrompt prompt = TestPrompts.Compose();

        AnomalyVerdict verdict = await reasoner.ReasonAsync(prompt);

        JsonNode request = Assert.Single(server.Requests);
        Assert.Equal("loopback-vlm", (string?)request["model"]);
        Assert.Equal("json_object", (string?)request["response_format"]!["type"]);
        Assert.Equal(0.0, (double)request["temperature"]!);
        JsonArray messages = request["messages"]!.AsArray();
        Assert.Equal(["system", "user"], messages.Select(m => (string?)m!["role"]));
        Assert.Contains("printed circuit board, component side", messages[0]!["content"]!.ToJsonString(), StringComparison.Ordinal);
        JsonArray content = messages[1]!["content"]!.AsArray();
        Assert.Equal(["text", "image_url", "text", "image_url", "text"], content.Select(c => (string?)c!["type"]));
        Assert.Equal("Normal reference 1 of 1 (image):", (string?)content[0]!["text"]);
        Assert.Equal("Query (image):", (string?)content[2]!["text"]);
        Assert.StartsWith("Compare the query with the normal references.", (string?)content[4]!["text"], StringComparison.Ordinal);
        Assert.Equal(FrameEncoding.ToPng(prompt.ReferenceImages.Single().View.Frame), DataUriBytes((string)content[1]!["image_url"]!["url"]!, "image/png"));
        Assert.Equal(FrameEncoding.ToPng(prompt.QueryImages.Single().View.Frame), DataUriBytes((string)content[3]!["image_url"]!["url"]!, "image/png"));

        Assert.Equal(VerdictStatus.Parsed, verdict.Status);
        Assert.True(verdict.IsAnomalous);
        Assert.Equal(0.95, verdict.Score, 12);
        Assert.Equal("loopback-vlm", verdict.ModelId);
        Assert.Equal("solder bridge", verdict.DefectType);

        string transcript = Transcript(request, server, verdict);
        output.WriteLine(transcript);
        if (Environment.GetEnvironmentVariable("CVLM_TRANSCRIPT_PATH") is { Length: > 0 } path)
        {
            await File.WriteAllTextAsync(path, transcript);
        }
    }

    [Fact]
    public async Task The_original_layout_sends_one_user_message_text_first_then_normal_then_query_as_jpeg_without_response_format()
    {
        await using LoopbackOpenAiServer server = await LoopbackOpenAiServer.StartAsync();
        server.ThenAnswer("{\"reasoning\": \"The board matches the normal one.\", \"correctness\": 1}");
        using IChatClient client = OpenAiClient(server);
        ChatClientReasonerOptions options = Fast();
        options.ImageEncoding = ChatImageEncoding.Jpeg;
        using var reasoner = new ChatClientAnomalyReasoner(client, options);
        InspectionSpec spec = TestPrompts.Spec(AnswerFormat.OriginalCorrectness);
        spec.ClassContext = "circuit board";
        AnomalyPrompt prompt = TestPrompts.Compose(spec, PromptTemplates.Original);

        AnomalyVerdict verdict = await reasoner.ReasonAsync(prompt);

        JsonNode request = Assert.Single(server.Requests);
        Assert.Null(request["response_format"]);
        JsonNode message = Assert.Single(request["messages"]!.AsArray())!;
        JsonArray content = message["content"]!.AsArray();
        Assert.Equal(["text", "image_url", "image_url"], content.Select(c => (string?)c!["type"]));
        Assert.StartsWith("The first image of the circuit board is normal.", (string?)content[0]!["text"], StringComparison.Ordinal);
        Assert.Equal(FrameEncoding.ToJpeg(prompt.ReferenceImages.Single().View.Frame), DataUriBytes((string)content[1]!["image_url"]!["url"]!, "image/jpeg"));
        Assert.Equal(FrameEncoding.ToJpeg(prompt.QueryImages.Single().View.Frame), DataUriBytes((string)content[2]!["image_url"]!["url"]!, "image/jpeg"));
        Assert.False(verdict.IsAnomalous);
        Assert.Equal(0.0, verdict.Score);
    }

    [Theory]
    [InlineData("Sure! Here is my answer: {'is_anomalous': True, 'reasoning': 'a bridged pin',}", VerdictStatus.Repaired, true)]
    [InlineData("```json\n{\"is_anomalous\": false, \"reasoning\": \"clean\"}\n```", VerdictStatus.Parsed, false)]
    [InlineData("I am unable to compare these images.", VerdictStatus.Unparseable, null)]
    [InlineData("", VerdictStatus.Unparseable, null)]
    public async Task A_malformed_or_non_json_answer_gives_a_clear_verdict_status(string answer, VerdictStatus status, bool? anomalous)
    {
        await using LoopbackOpenAiServer server = await LoopbackOpenAiServer.StartAsync();
        server.ThenAnswer(answer);
        using IChatClient client = OpenAiClient(server);
        using var reasoner = new ChatClientAnomalyReasoner(client, Fast());

        AnomalyVerdict verdict = await reasoner.ReasonAsync(TestPrompts.Compose());

        Assert.Equal(status, verdict.Status);
        Assert.Equal(anomalous, verdict.IsAnomalous);
        Assert.Equal(answer, verdict.RawText);
    }

    [Fact]
    public async Task A_reply_body_that_is_not_json_raises_a_typed_exception_not_a_crash()
    {
        await using LoopbackOpenAiServer server = await LoopbackOpenAiServer.StartAsync();
        server.ThenGarbage("<html>upstream proxy error</html>");
        using IChatClient client = OpenAiClient(server);
        using var reasoner = new ChatClientAnomalyReasoner(client, Fast());

        var error = await Assert.ThrowsAsync<ChatReasonerException>(() => reasoner.ReasonAsync(TestPrompts.Compose()));

        Assert.NotNull(error.InnerException);
        output.WriteLine(error.Message);
    }

    [Fact]
    public async Task A_500_then_an_answer_is_retried_and_read()
    {
        await using LoopbackOpenAiServer server = await LoopbackOpenAiServer.StartAsync();
        server.ThenStatus(500, "overloaded").ThenAnswer("{\"is_anomalous\": false, \"reasoning\": \"all joints shiny\"}");
        using IChatClient client = OpenAiClient(server);
        using var reasoner = new ChatClientAnomalyReasoner(client, Fast());

        AnomalyVerdict verdict = await reasoner.ReasonAsync(TestPrompts.Compose());

        Assert.Equal(2, server.Requests.Count);
        Assert.False(verdict.IsAnomalous);
        Assert.Equal(2, verdict.AdditionalProperties![ChatClientAnomalyReasoner.AttemptsProperty]);
    }

    [Fact]
    public async Task A_429_that_persists_ends_in_a_typed_exception_with_its_status_code()
    {
        await using LoopbackOpenAiServer server = await LoopbackOpenAiServer.StartAsync();
        server.ThenStatus(429, "rate limited");
        using IChatClient client = OpenAiClient(server);
        ChatClientReasonerOptions options = Fast();
        options.MaxRetries = 2;
        using var reasoner = new ChatClientAnomalyReasoner(client, options);

        var error = await Assert.ThrowsAsync<ChatReasonerException>(() => reasoner.ReasonAsync(TestPrompts.Compose()));

        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(429, error.StatusCode);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task A_401_is_not_retried_and_names_its_status_code()
    {
        await using LoopbackOpenAiServer server = await LoopbackOpenAiServer.StartAsync();
        server.ThenStatus(401, "invalid api key");
        using IChatClient client = OpenAiClient(server);
        using var reasoner = new ChatClientAnomalyReasoner(client, Fast());

        var error = await Assert.ThrowsAsync<ChatReasonerException>(() => reasoner.ReasonAsync(TestPrompts.Compose()));

        Assert.Single(server.Requests);
        Assert.Equal(401, error.StatusCode);
        Assert.False(error.IsTransient);
        Assert.Contains("HTTP 401", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_slow_reply_times_out_is_retried_and_then_answered()
    {
        await using LoopbackOpenAiServer server = await LoopbackOpenAiServer.StartAsync();
        server.ThenHang(TimeSpan.FromSeconds(30), "{\"is_anomalous\": true}").ThenAnswer("{\"is_anomalous\": false}");
        using IChatClient client = OpenAiClient(server);
        ChatClientReasonerOptions options = Fast();
        options.RequestTimeout = TimeSpan.FromMilliseconds(300);
        using var reasoner = new ChatClientAnomalyReasoner(client, options);

        AnomalyVerdict verdict = await reasoner.ReasonAsync(TestPrompts.Compose());

        Assert.Equal(2, server.Requests.Count);
        Assert.False(verdict.IsAnomalous);
    }

    [Fact]
    public async Task A_reply_slower_than_every_attempt_ends_in_a_timeout_exception()
    {
        await using LoopbackOpenAiServer server = await LoopbackOpenAiServer.StartAsync();
        server.ThenHang(TimeSpan.FromSeconds(30), "{\"is_anomalous\": true}");
        using IChatClient client = OpenAiClient(server);
        ChatClientReasonerOptions options = Fast();
        options.RequestTimeout = TimeSpan.FromMilliseconds(200);
        options.MaxRetries = 1;
        using var reasoner = new ChatClientAnomalyReasoner(client, options);
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<ChatReasonerException>(() => reasoner.ReasonAsync(TestPrompts.Compose()));

        Assert.IsType<Polly.Timeout.TimeoutRejectedException>(error.InnerException);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"{watch.Elapsed}");
    }

    [Fact]
    public async Task Cancelling_a_slow_request_raises_operation_cancelled()
    {
        await using LoopbackOpenAiServer server = await LoopbackOpenAiServer.StartAsync();
        server.ThenHang(TimeSpan.FromSeconds(30), "{\"is_anomalous\": true}");
        using IChatClient client = OpenAiClient(server);
        using var reasoner = new ChatClientAnomalyReasoner(client, Fast());
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reasoner.ReasonAsync(TestPrompts.Compose(), cts.Token));

        // Cancellation is never retried: at most the one request. On a loaded machine the 200 ms can run out before the request
        // reaches the server (a clean-clone run once saw none), so zero is allowed too.
        Assert.InRange(server.Requests.Count, 0, 1);
    }

    /// <summary>The request body with data URIs cut to 48 characters, the reply and the parsed verdict.</summary>
    private static string Transcript(JsonNode request, LoopbackOpenAiServer server, AnomalyVerdict verdict)
    {
        JsonNode copy = JsonNode.Parse(request.ToJsonString())!;
        foreach (JsonNode? message in copy["messages"]!.AsArray())
        {
            if (message!["content"] is JsonArray parts)
            {
                foreach (JsonNode? part in parts)
                {
                    if (part!["image_url"]?["url"] is JsonValue url && url.GetValue<string>() is { Length: > 48 } s)
                    {
                        part["image_url"]!["url"] = $"{s[..48]}...({s.Length} chars)";
                    }
                }
            }
        }

        var indented = new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        var builder = new StringBuilder();
        builder.AppendLine(CultureInfo.InvariantCulture, $"POST {server.BaseUri}/chat/completions");
        builder.AppendLine(copy.ToJsonString(indented));
        builder.AppendLine("--- reply (assistant message content) ---");
        builder.AppendLine(verdict.RawText);
        builder.AppendLine("--- parsed verdict ---");
        builder.AppendLine(verdict.ToString());
        builder.AppendLine(CultureInfo.InvariantCulture, $"IsAnomalous={verdict.IsAnomalous} Score={verdict.Score:0.###} Status={verdict.Status} DefectType={verdict.DefectType} ModelId={verdict.ModelId}");
        builder.AppendLine(CultureInfo.InvariantCulture, $"ScoreSource={verdict.AdditionalProperties![VerdictPropertyNames.ScoreSource]} Attempts={verdict.AdditionalProperties[ChatClientAnomalyReasoner.AttemptsProperty]}");
        return builder.ToString();
    }
}
