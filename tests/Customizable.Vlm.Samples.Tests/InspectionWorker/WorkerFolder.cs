using System.Diagnostics;
using System.Text.Json;
using Customizable.Vlm.Imaging;
using InspectionWorker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Customizable.Vlm.Samples.Tests.InspectionWorker;

/// <summary>A temporary worker layout: a references folder of generated good parts and an empty watched folder; deleted on dispose.</summary>
internal sealed class WorkerFolder : IDisposable
{
    public WorkerFolder()
    {
        Root = Path.Combine(Path.GetTempPath(), "cvlm-worker-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(References);
        Directory.CreateDirectory(Inbox);
    }

    public string Root { get; }

    public string References => Path.Combine(Root, "references");

    public string Inbox => Path.Combine(Root, "inbox");

    public string Results => Path.Combine(Inbox, "results.jsonl");

    public async Task WriteReferencesAsync(int count)
    {
        for (int i = 0; i < count; i++)
        {
            await ImageFiles.SavePngAsync(DemoImages.Part(seed: i), Path.Combine(References, $"good-{i}.png"));
        }
    }

    /// <summary>Drops a generated part into the watched folder: written under a hidden name, then renamed.</summary>
    public async Task DropAsync(string relativePath, int seed, bool stain = false)
    {
        string target = Path.Combine(Inbox, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        string hidden = Path.Combine(Path.GetDirectoryName(target)!, "." + Path.GetFileName(target));
        await ImageFiles.SavePngAsync(DemoImages.Part(seed, stain), hidden);
        File.Move(hidden, target);
    }

    /// <summary>The arguments that point the worker here, with fast settle and health intervals, plus <paramref name="extra"/>.</summary>
    public string[] Args(params string[] extra) =>
    [
        $"--Cvlm:Worker:InputFolder={Inbox}",
        $"--Cvlm:Worker:Profiles:part={References}",
        "--Cvlm:Worker:SettleTime=00:00:00.200",
        "--Cvlm:Worker:HealthInterval=00:00:01",
        "--Logging:LogLevel:Default=Warning",
        .. extra,
    ];

    /// <summary>Starts the worker here with <paramref name="reasoner"/> instead of the embedded one, one consumer, a profile
    /// customized from one generated reference, and the given shutdown timeout.</summary>
    public async Task<IHost> StartAsync(IAnomalyReasoner reasoner, TimeSpan shutdownTimeout, params string[] args)
    {
        await WriteReferencesAsync(1);
        IHost host = await WorkerApp.CreateHostAsync(Args(["--Cvlm:Worker:Consumers=1", .. args]), configure: builder =>
        {
            builder.Services.RemoveAll<IAnomalyReasoner>();
            builder.Services.AddCustomizableVlm().AddReasoner(_ => reasoner);
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = shutdownTimeout);
        });
        await host.StartAsync();
        return host;
    }

    /// <summary>Waits until the results file holds <paramref name="count"/> lines, and returns them parsed.</summary>
    public async Task<List<JsonElement>> WaitForResultsAsync(int count, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            List<JsonElement> lines = ReadResults();
            if (lines.Count >= count || clock.Elapsed > timeout)
            {
                return lines;
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Reads every line of the results file; each must be one whole JSON object.</summary>
    public List<JsonElement> ReadResults()
    {
        if (!File.Exists(Results))
        {
            return [];
        }

        using var stream = new FileStream(Results, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        string text = reader.ReadToEnd();
        Assert.True(text.Length == 0 || text.EndsWith('\n'), "The results file ends with a torn line: " + text);
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow machine: the temp folder is cleaned by the system.
        }
    }
}
