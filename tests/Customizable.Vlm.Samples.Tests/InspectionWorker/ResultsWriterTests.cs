using System.Text.Json;
using InspectionWorker;
using Microsoft.Extensions.Options;

namespace Customizable.Vlm.Samples.Tests.InspectionWorker;

/// <summary>The results file: concurrent appends never interleave, and a line torn by a crash is cut before the next append.</summary>
public class ResultsWriterTests
{
    private static ResultsWriter Writer(WorkerFolder folder) =>
        new(Options.Create(new WorkerOptions { InputFolder = folder.Inbox }));

    private static InspectionResult Result(string file, int regions) =>
        new(file, "part", true, 0.75, [.. Enumerable.Range(0, regions).Select(i => new ResultRegion(i, i, 10, 10, 0.9))], 12.5, DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task Concurrent_appends_give_one_whole_json_object_per_line()
    {
        using var folder = new WorkerFolder();
        await using (ResultsWriter writer = Writer(folder))
        {
            await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(async () =>
            {
                for (int i = 0; i < 50; i++)
                {
                    // Lines of different lengths (up to a few kilobytes) make interleaving visible if it happened.
                    await writer.AppendAsync(Result($"t{t}/{i}.png", regions: (i * 7) % 60));
                }
            })));
        }

        List<JsonElement> lines = folder.ReadResults();
        Assert.Equal(400, lines.Count);
        Assert.Equal(400, lines.Select(l => l.GetProperty("file").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task A_torn_last_line_from_a_crash_is_cut_before_the_next_line_is_appended()
    {
        using var folder = new WorkerFolder();
        string whole = JsonSerializer.Serialize(new { file = "before.png" });
        await File.WriteAllTextAsync(folder.Results, whole + "\n{\"file\":\"torn.png\",\"sco");

        await using (ResultsWriter writer = Writer(folder))
        {
            await writer.AppendAsync(Result("after.png", regions: 1));
        }

        List<JsonElement> lines = folder.ReadResults();
        Assert.Equal(["before.png", "after.png"], lines.Select(l => l.GetProperty("file").GetString()));
    }
}
