using System.Diagnostics;
using Customizable.Vlm.Tests.Imaging;
using Customizable.Vlm.Tests.Inspection;
using Xunit.Abstractions;

namespace Customizable.Vlm.Tests.Profiles;

/// <summary>
/// A save killed for real: a helper process (this test assembly re-launched, see <see cref="ProfileSaveLoop"/>) saves a large
/// profile over the same path in a loop, and is killed with SIGKILL at seeded random moments. After every kill the profile on disk
/// is byte for byte the complete one, and the next load or save beside it leaves no temporary file.
/// </summary>
public sealed class KilledSaveTests(ITestOutputHelper output) : IDisposable
{
    private const int Kills = 6;
    /// <summary>A noise view PNG cannot compress (about 440 KB), so a save takes long enough (hundreds of milliseconds to seconds on
    /// a busy machine) for kills to land inside it; more views only make the test slower.</summary>
    private const int Views = 1;
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [UnixFact]
    public async Task A_save_killed_at_random_points_leaves_the_old_profile_loadable_and_no_temporary_file_after_the_next_save_or_load()
    {
        string path = Path.Combine(_temp.Path, "part.cvlm");
        (AnomalyInspector inspector, InspectionProfile profile) = await ProfileSaveLoop.BuildAsync(Views);
        var saving = Stopwatch.StartNew();
        await inspector.SaveProfileAsync(profile, path);
        saving.Stop();
        byte[] expected = await File.ReadAllBytesAsync(path);

        // Kill moments spread over about two saves after the helper's first one, so that kills land while encoding, while writing
        // the temporary file and between saves.
        int window = (int)Math.Clamp(saving.ElapsedMilliseconds * 2, 50, 3000);
        output.WriteLine($"profile: {expected.Length:N0} bytes");

        var random = new Random(20260);
        int orphansSeen = 0;
        var completedSaves = new List<int>();
        for (int trial = 0; trial < Kills; trial++)
        {
            using Process helper = StartHelper(path);
            int saves = 0;
            var firstSave = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            helper.OutputDataReceived += (_, e) =>
            {
                if (e.Data?.StartsWith("saved ", StringComparison.Ordinal) == true)
                {
                    Interlocked.Increment(ref saves);
                    firstSave.TrySetResult();
                }
            };
            helper.BeginOutputReadLine();

            // Kill during the first save or later ones: wait for one save, then a random moment within about two saves.
            var stderr = new System.Text.StringBuilder();
            helper.ErrorDataReceived += (_, e) => stderr.AppendLine(e.Data);
            helper.BeginErrorReadLine();
            await Task.WhenAny(firstSave.Task, helper.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));
            Assert.True(firstSave.Task.IsCompleted, $"the helper did not save within 60 s (exited: {helper.HasExited}): {stderr}");
            await Task.Delay(random.Next(0, window));
            helper.Kill();
            await helper.WaitForExitAsync();
            completedSaves.Add(Volatile.Read(ref saves));

            string[] leftovers = Directory.GetFiles(_temp.Path).Where(f => f != path).ToArray();
            orphansSeen += leftovers.Length;
            Assert.Equal(expected, await File.ReadAllBytesAsync(path));

            if (trial % 2 == 0)
            {
                Assert.NotNull(await inspector.LoadProfileAsync(path));
            }
            else
            {
                await inspector.SaveProfileAsync(profile, path);
            }

            Assert.Equal([path], Directory.GetFiles(_temp.Path));
        }

        output.WriteLine($"save: {saving.ElapsedMilliseconds} ms; {Kills} kills within {window} ms after {string.Join(", ", completedSaves)} completed saves; {orphansSeen} temporary files were left by the kills and removed by the next load or save.");
    }

    private static Process StartHelper(string path)
    {
        string host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h ? h : "dotnet";
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(ProfileSaveLoop).Assembly.Location);
        start.ArgumentList.Add(ProfileSaveLoop.Command);
        start.ArgumentList.Add(path);
        start.ArgumentList.Add(Views.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return Process.Start(start) ?? throw new InvalidOperationException("The helper process did not start.");
    }
}
