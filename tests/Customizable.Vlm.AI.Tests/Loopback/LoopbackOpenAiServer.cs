using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Customizable.Vlm.AI.Tests.Loopback;

/// <summary>A tiny OpenAI-compatible chat-completions endpoint on 127.0.0.1 with an ephemeral port. Each request is recorded and
/// answered by the next scripted reply (the last one repeats).</summary>
internal sealed class LoopbackOpenAiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Queue<Func<HttpContext, Task>> _replies = new();
    private Func<HttpContext, Task>? _last;

    private LoopbackOpenAiServer(WebApplication app)
    {
        _app = app;
    }

    public Uri BaseUri { get; private set; } = null!;

    public List<JsonNode> Requests { get; } = [];

    public static async Task<LoopbackOpenAiServer> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        WebApplication app = builder.Build();
        var server = new LoopbackOpenAiServer(app);
        app.MapPost("/v1/chat/completions", server.HandleAsync);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUri = new Uri(address + "/v1");
        return server;
    }

    /// <summary>Answers with an OpenAI chat completion whose assistant message is <paramref name="content"/>.</summary>
    public LoopbackOpenAiServer ThenAnswer(string content, string model = "loopback-vlm") => Then(ctx => WriteJson(ctx, 200, Completion(content, model)));

    /// <summary>Answers with a status code and a JSON error body.</summary>
    public LoopbackOpenAiServer ThenStatus(int status, string message = "error") =>
        Then(ctx => WriteJson(ctx, status, new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["type"] = "server_error" } }));

    /// <summary>Answers 200 with a body that is not JSON at all.</summary>
    public LoopbackOpenAiServer ThenGarbage(string body) => Then(async ctx =>
    {
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(body);
    });

    /// <summary>Waits (until the client gives up) before answering.</summary>
    public LoopbackOpenAiServer ThenHang(TimeSpan delay, string content) => Then(async ctx =>
    {
        await Task.Delay(delay, ctx.RequestAborted);
        await WriteJson(ctx, 200, Completion(content, "loopback-vlm"));
    });

    public LoopbackOpenAiServer Then(Func<HttpContext, Task> reply)
    {
        lock (_replies)
        {
            _replies.Enqueue(reply);
        }

        return this;
    }

    public static JsonObject Completion(string content, string model) => new()
    {
        ["id"] = "chatcmpl-loopback",
        ["object"] = "chat.completion",
        ["created"] = 1_700_000_000,
        ["model"] = model,
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
            ["finish_reason"] = "stop",
        }),
        ["usage"] = new JsonObject { ["prompt_tokens"] = 1234, ["completion_tokens"] = 42, ["total_tokens"] = 1276 },
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        JsonNode? body = await JsonNode.ParseAsync(context.Request.Body);
        Func<HttpContext, Task> reply;
        lock (_replies)
        {
            Requests.Add(body!);
            reply = _replies.Count > 0 ? (_last = _replies.Dequeue()) : _last ?? (ctx => WriteJson(ctx, 500, new JsonObject()));
        }

        try
        {
            await reply(context);
        }
        catch (OperationCanceledException)
        {
            // The client gave up: nothing to answer.
        }
    }

    private static async Task WriteJson(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
    }
}
