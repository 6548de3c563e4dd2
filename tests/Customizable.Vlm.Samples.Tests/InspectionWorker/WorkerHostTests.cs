using System.Diagnostics;
using System.Text.Json;
using InspectionWorker;
using Microsoft.Extensions.Hosting;

namespace Customizable.Vlm.Samples.Tests.InspectionWorker;

/// <summary>The worker started in-process with the embedded reasoner: images dropped into the watched folder come out as result
/// lines, a corrupt one goes to failed/, and the host stops cleanly.</summary>
public class WorkerHostTests
{
    [Fact]
    public async Task Dropped_images_get_verdicts_a_corrupt_one_goes_to_failed_and_the_host_stops_cleanly()
    {
        using var folder = new WorkerFolder();
        await folder.WriteReferencesAsync(3);
        using IHost host = await WorkerApp.CreateHostAsync(folder.Args());
        await host.StartAsync();

        await folder.DropAsync("part/normal.png", seed: 50);
        await folder.DropAsync("part/stained.png", seed: 51, stain: true);
        // Written in place, no rename: the settle time decides when it is complete. Directly in the input folder: the only profile.
        await File.WriteAllBytesAsync(Path.Combine(folder.Inbox, "corrupt.png"), [0x89, 0x50, 0x4E, 0x47, 1, 2, 3, 4, 5, 6, 7]);
        await folder.DropAsync("nosuch/orphan.png", seed: 52);

        List<JsonElement> results = await folder.WaitForResultsAsync(4, TimeSpan.FromSeconds(45));
        Assert.True(results.Count == 4, $"{results.Count} result lines: {string.Join('\n', results)}");
        JsonElement normal = results.Single(r => r.GetProperty("file").GetString() == "part/normal.png");
        JsonElement stained = results.Single(r => r.GetProperty("file").GetString() == "part/stained.png");
        JsonElement corrupt = results.Single(r => r.GetProperty("file").GetString() == "corrupt.png");

        Assert.Equal("part", normal.GetProperty("profile").GetString());
        Assert.False(normal.GetProperty("anomalous").GetBoolean(), normal.ToString());
        Assert.True(stained.GetProperty("anomalous").GetBoolean(), stained.ToString());
        Assert.True(stained.GetProperty("score").GetDouble() > normal.GetProperty("score").GetDouble(), $"{stained}\n{normal}");
        Assert.Contains(stained.GetProperty("regions").EnumerateArray(), r =>
            r.GetProperty("x").GetInt32() <= 170 && r.GetProperty("x").GetInt32() + r.GetProperty("width").GetInt32() >= 170 &&
            r.GetProperty("y").GetInt32() <= 90 && r.GetProperty("y").GetInt32() + r.GetProperty("height").GetInt32() >= 90);
        Assert.True(normal.GetProperty("elapsedMs").GetDouble() > 0);
        Assert.True(normal.GetProperty("utc").GetDateTimeOffset().Offset == TimeSpan.Zero);

        Assert.Equal("part", corrupt.GetProperty("profile").GetString());
        Assert.Equal(JsonValueKind.Null, corrupt.GetProperty("anomalous").ValueKind);
        // ImageDecodingException: an InvalidObservationException, the image's fault.
        Assert.StartsWith("ImageDecodingException: ", corrupt.GetProperty("error").GetString(), StringComparison.Ordinal);

        JsonElement orphan = results.Single(r => r.GetProperty("file").GetString() == "nosuch/orphan.png");
        Assert.Contains("No profile is named 'nosuch'", orphan.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder.Inbox, "failed", "nosuch", "orphan.png.error.txt")));

        Assert.True(File.Exists(Path.Combine(folder.Inbox, "processed", "part", "normal.png")));
        Assert.True(File.Exists(Path.Combine(folder.Inbox, "processed", "part", "stained.png")));
        Assert.True(File.Exists(Path.Combine(folder.Inbox, "failed", "corrupt.png")));
        string errorText = await File.ReadAllTextAsync(Path.Combine(folder.Inbox, "failed", "corrupt.png.error.txt"));
        Assert.Contains("error: Customizable.Vlm.Imaging.ImageDecodingException", errorText, StringComparison.Ordinal);
        Assert.Contains("file: corrupt.png", errorText, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder.Inbox, "corrupt.png")));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(folder.Inbox, "part")));

        string health = Path.Combine(folder.Inbox, "health.json");
        for (int i = 0; i < 50 && !File.Exists(health); i++)
        {
            await Task.Delay(100);
        }

        using (JsonDocument report = JsonDocument.Parse(await File.ReadAllBytesAsync(health)))
        {
            Assert.Equal("Healthy", report.RootElement.GetProperty("status").GetString());
            Assert.Equal("Healthy", report.RootElement.GetProperty("checks").GetProperty("reasoner").GetProperty("status").GetString());
        }

        var stopping = Stopwatch.StartNew();
        await host.StopAsync();
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(10), $"Stopping an idle worker took {stopping.Elapsed}.");
        Assert.Equal(4, folder.ReadResults().Count);
    }
}
