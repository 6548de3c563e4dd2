using System.Diagnostics;

namespace Customizable.Vlm.Evaluation.Tests.Support;

/// <summary>Creates named pipes with <c>mkfifo</c>, and runs code that must not block on them with a deadline.</summary>
internal static class Fifo
{
    public static bool IsAvailable { get; } = !OperatingSystem.IsWindows() && FindOnPath("mkfifo") is not null;

    /// <summary>Creates a FIFO at <paramref name="path"/> (its folder is created when missing).</summary>
    public static string Create(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var process = Process.Start(new ProcessStartInfo("mkfifo", [path]) { RedirectStandardError = true })!;
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"mkfifo failed: {process.StandardError.ReadToEnd()}");
        return path;
    }

    /// <summary>
    /// Runs <paramref name="action"/> and fails (instead of hanging the test run) when it has not returned within 20 seconds; a reader
    /// stuck opening one of <paramref name="fifos"/> is released by opening it for writing.
    /// </summary>
    public static T WithinDeadline<T>(Func<T> action, params string[] fifos)
    {
        Task<T> task = Task.Run(action);
        Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(20))).GetAwaiter().GetResult();
        if (!task.IsCompleted)
        {
            foreach (string fifo in fifos)
            {
                using var writer = new FileStream(fifo, FileMode.Open, FileAccess.Write);
            }

            Assert.Fail("The call blocked: it opened a FIFO.");
        }

        return task.GetAwaiter().GetResult();
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name))
            .FirstOrDefault(File.Exists);
}
