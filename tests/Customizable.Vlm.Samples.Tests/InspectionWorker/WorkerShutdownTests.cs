using System.Diagnostics;
using InspectionWorker;
using Microsoft.Extensions.Hosting;

namespace Customizable.Vlm.Samples.Tests.InspectionWorker;

/// <summary>Graceful shutdown: an inspection in flight finishes within the host's shutdown timeout, or is cancelled when the timeout
/// ends and its image stays in the watched folder; queued images are left alone.</summary>
public class WorkerShutdownTests
{
    [Fact]
    public async Task An_inspection_in_flight_when_stopping_finishes_and_its_result_is_written()
    {
        using var folder = new WorkerFolder();
        var reasoner = new GatedReasoner();
        using IHost host = await folder.StartAsync(reasoner, TimeSpan.FromSeconds(30));
        await folder.DropAsync("part/first.png", seed: 60);
        await reasoner.Entered.WaitAsync(TimeSpan.FromSeconds(30));
        await folder.DropAsync("part/second.png", seed: 61);
        await Task.Delay(600); // the second image settles and waits in the queue behind the gate

        Task stopping = host.StopAsync();
        await Task.Delay(300);
        Assert.False(stopping.IsCompleted, "The host stopped before the inspection in flight finished.");
        reasoner.Release();
        await stopping.WaitAsync(TimeSpan.FromSeconds(20));

        var result = Assert.Single(folder.ReadResults());
        Assert.Equal("part/first.png", result.GetProperty("file").GetString());
        Assert.True(File.Exists(Path.Combine(folder.Inbox, "processed", "part", "first.png")));
        Assert.True(File.Exists(Path.Combine(folder.Inbox, "part", "second.png")), "A queued image must stay in the watched folder.");
        Assert.Equal(0, reasoner.Cancelled);
    }

    [Fact]
    public async Task An_inspection_still_running_when_the_shutdown_timeout_ends_is_cancelled_and_its_image_stays()
    {
        using var folder = new WorkerFolder();
        var reasoner = new GatedReasoner();
        using IHost host = await folder.StartAsync(reasoner, TimeSpan.FromSeconds(1));
        await folder.DropAsync("part/stuck.png", seed: 62);
        await reasoner.Entered.WaitAsync(TimeSpan.FromSeconds(30));

        var clock = Stopwatch.StartNew();
        await host.StopAsync().WaitAsync(TimeSpan.FromSeconds(20));

        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"Stopped after {clock.Elapsed}, before the shutdown timeout.");
        Assert.Equal(1, reasoner.Cancelled);
        Assert.Empty(folder.ReadResults());
        Assert.True(File.Exists(Path.Combine(folder.Inbox, "part", "stuck.png")));
        Assert.False(Directory.Exists(Path.Combine(folder.Inbox, "failed")));
    }
}
