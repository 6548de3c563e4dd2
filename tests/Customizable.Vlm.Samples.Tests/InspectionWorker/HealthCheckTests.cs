using InspectionWorker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Customizable.Vlm.Samples.Tests.InspectionWorker;

/// <summary>The worker's health checks: healthy when idle, the queue check degraded while the queue is full.</summary>
public class HealthCheckTests
{
    [Fact]
    public async Task The_queue_check_is_degraded_while_the_queue_is_full_and_healthy_again_once_it_drains()
    {
        using var folder = new WorkerFolder();
        var reasoner = new GatedReasoner();
        using IHost host = await folder.StartAsync(reasoner, TimeSpan.FromSeconds(10), "--Cvlm:Worker:QueueCapacity=1");
        HealthCheckService health = host.Services.GetRequiredService<HealthCheckService>();
        HealthReport idle = await health.CheckHealthAsync();
        Assert.Equal(HealthStatus.Healthy, idle.Status);
        Assert.Equal(["decoders", "profiles", "queue", "reasoner"], idle.Entries.Keys.Order(StringComparer.Ordinal));

        await folder.DropAsync("part/1.png", seed: 90);
        await reasoner.Entered.WaitAsync(TimeSpan.FromSeconds(30)); // the consumer holds 1.png
        await folder.DropAsync("part/2.png", seed: 91);              // 2.png fills the only place
        HealthReport full = await WaitForAsync(health, HealthStatus.Degraded);
        Assert.Equal(HealthStatus.Degraded, full.Entries["queue"].Status);
        Assert.Contains("saturated", full.Entries["queue"].Description, StringComparison.Ordinal);

        reasoner.Release();
        await folder.WaitForResultsAsync(2, TimeSpan.FromSeconds(20));
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync()).Status);
        await host.StopAsync();
    }

    [Fact]
    public async Task The_decoders_check_is_degraded_while_runaway_decodes_run()
    {
        int running = 0;
        var check = new DecodersHealthCheck(() => running);

        HealthCheckResult none = await check.CheckHealthAsync(new HealthCheckContext());
        running = 2;
        HealthCheckResult two = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Healthy, none.Status);
        Assert.Equal(HealthStatus.Degraded, two.Status);
        Assert.StartsWith("2 image decode(s) outlived their time bound", two.Description, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Healthy, (await new DecodersHealthCheck().CheckHealthAsync(new HealthCheckContext())).Status);
    }

    private static async Task<HealthReport> WaitForAsync(HealthCheckService health, HealthStatus status)
    {
        for (int i = 0; ; i++)
        {
            HealthReport report = await health.CheckHealthAsync();
            if (report.Status == status || i == 100)
            {
                return report;
            }

            await Task.Delay(100);
        }
    }
}
