using System.Diagnostics;
using Customizable.Vlm.Imaging;

namespace Customizable.Vlm.Tests.Imaging;

public class FileKindTests
{
    /// <summary>Creates a named pipe at <paramref name="path"/> (Unix, <c>mkfifo</c>; callers are <see cref="UnixFactAttribute"/> tests).</summary>
    internal static void MakeFifo(string path)
    {
        using Process process = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }

    [Fact]
    public void A_regular_file_and_a_missing_path_are_not_flagged()
    {
        using var temp = new TempDirectory();

        Assert.Null(FileKind.DescribeIfNotRegular(temp.Write("a.png", [1, 2, 3])));
        Assert.Null(FileKind.DescribeIfNotRegular(Path.Combine(temp.Path, "missing.png")));
    }

    [Fact]
    public async Task A_directory_named_like_an_image_is_refused_as_a_directory()
    {
        using var temp = new TempDirectory();
        string path = Path.Combine(temp.Path, "folder.png");
        Directory.CreateDirectory(path);

        var error = await Assert.ThrowsAsync<InvalidObservationException>(async () => await new ImageLoader().LoadAsync(path));

        Assert.Contains("directory", error.Message, StringComparison.Ordinal);
        Assert.Equal(path, error.SourceName);
    }

    [UnixFact]
    public async Task A_fifo_named_like_an_image_is_refused_without_being_opened()
    {
        using var temp = new TempDirectory();
        string path = Path.Combine(temp.Path, "pipe.png");
        MakeFifo(path);

        Task<Exception?> load = Task.Run(async () =>
        {
            try
            {
                await new ImageLoader().LoadAsync(path);
                return null;
            }
            catch (Exception e)
            {
                return e;
            }
        });
        Task winner = await Task.WhenAny(load, Task.Delay(TimeSpan.FromSeconds(20)));
        if (winner != load)
        {
            // Unblock the stuck open() by opening the other end, then fail.
            await using (new FileStream(path, FileMode.Open, FileAccess.Write))
            {
            }

            Assert.Fail("Loading a FIFO blocked.");
        }

        var error = Assert.IsAssignableFrom<InvalidObservationException>(await load);
        Assert.Contains("FIFO", error.Message, StringComparison.Ordinal);
        Assert.Equal("a named pipe (FIFO)", FileKind.DescribeIfNotRegular(path));
    }

    [UnixFact]
    public async Task A_character_device_is_refused()
    {

        var error = await Assert.ThrowsAsync<InvalidObservationException>(async () => await new ImageLoader().LoadAsync("/dev/zero"));

        Assert.Contains("character device", error.Message, StringComparison.Ordinal);
    }
}
