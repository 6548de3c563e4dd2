using Customizable.Vlm.Imaging;
using InspectionWorker;
using Microsoft.Extensions.Hosting;

namespace Customizable.Vlm.Samples.Tests.InspectionWorker;

/// <summary>The watched folder: a file is read only once completely written, and files present at start are found.</summary>
public class FolderFeederTests
{
    [Fact]
    public async Task A_file_written_in_two_parts_in_place_is_read_only_once_complete()
    {
        using var folder = new WorkerFolder();
        var reasoner = new GatedReasoner();
        reasoner.Release();
        using IHost host = await folder.StartAsync(reasoner, TimeSpan.FromSeconds(10), "--Cvlm:Worker:SettleTime=00:00:02");
        string encoded = Path.Combine(folder.Root, "encoded.png");
        await ImageFiles.SavePngAsync(DemoImages.Part(seed: 70), encoded);
        byte[] bytes = await File.ReadAllBytesAsync(encoded);

        await using (var file = new FileStream(Path.Combine(folder.Inbox, "slow.png"), FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1))
        {
            await file.WriteAsync(bytes.AsMemory(0, bytes.Length / 2));
            await file.FlushAsync();
            await Task.Delay(300);
            await file.WriteAsync(bytes.AsMemory(bytes.Length / 2));
        }

        var result = Assert.Single(await folder.WaitForResultsAsync(1, TimeSpan.FromSeconds(20)));
        Assert.Equal("slow.png", result.GetProperty("file").GetString());
        Assert.False(result.TryGetProperty("error", out _), result.ToString());
        await host.StopAsync();
    }

    [Fact]
    public async Task Images_already_in_the_folder_at_start_are_inspected()
    {
        using var folder = new WorkerFolder();
        await folder.DropAsync("part/a.png", seed: 80);
        await folder.DropAsync("b.png", seed: 81);
        var reasoner = new GatedReasoner();
        reasoner.Release();
        using IHost host = await folder.StartAsync(reasoner, TimeSpan.FromSeconds(10));

        var results = await folder.WaitForResultsAsync(2, TimeSpan.FromSeconds(20));
        Assert.Equal(["b.png", "part/a.png"], results.Select(r => r.GetProperty("file").GetString()).Order(StringComparer.Ordinal));
        await host.StopAsync();
    }
}
