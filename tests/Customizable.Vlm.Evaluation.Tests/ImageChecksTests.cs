using System.Diagnostics;
using Customizable.Vlm.Evaluation.Datasets;
using Customizable.Vlm.Evaluation.Tests.Support;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Customizable.Vlm.Evaluation.Tests;

public class ImageChecksTests
{
    [Fact]
    public async Task A_truncated_mask_is_refused_naming_it()
    {
        using var tree = new DatasetTree();
        string mask = tree.Mask("mask.png", 64, 64, new PixelRect(3, 3, 20, 20));
        byte[] bytes = await File.ReadAllBytesAsync(mask);
        await File.WriteAllBytesAsync(mask, bytes[..(bytes.Length * 9 / 10)]);

        var error = await Assert.ThrowsAsync<DatasetException>(() => MaskLoader.LoadUnionAsync([mask], CancellationToken.None));

        Assert.Equal(mask, error.Path);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_test_image_fails_the_up_front_check()
    {
        using var tree = new DatasetTree();
        string image = tree.Image("test/good/000.png", seed: 1);
        byte[] bytes = File.ReadAllBytes(image);
        File.WriteAllBytes(image, bytes[..(bytes.Length / 3)]);

        var error = Assert.Throws<DatasetException>(() => ImageChecks.Identify(image, "test image"));

        Assert.Equal(image, error.Path);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [UnixFact]
    public async Task A_fifo_named_like_a_test_image_is_refused_without_being_opened()
    {
        using var tree = new DatasetTree();
        string image = tree.Image("test/good/000.png", seed: 1);
        string fifo = tree.Path("test/good/001.png");
        using (Process process = Process.Start(new ProcessStartInfo("mkfifo", [fifo]) { UseShellExecute = false })!)
        {
            process.WaitForExit();
            Assert.Equal(0, process.ExitCode);
        }

        Task<Exception?> check = Task.Run(Exception? () =>
        {
            try
            {
                ImageChecks.Identify(fifo, "test image");
                return null;
            }
            catch (Exception e)
            {
                return e;
            }
        });
        if (await Task.WhenAny(check, Task.Delay(TimeSpan.FromSeconds(20))) != check)
        {
            await using (new FileStream(fifo, FileMode.Open, FileAccess.Write))
            {
            }

            Assert.Fail("Checking a FIFO blocked.");
        }

        var error = Assert.IsType<DatasetException>(await check);
        Assert.Contains("FIFO", error.Message, StringComparison.Ordinal);
        Assert.Equal((64, 64), ImageChecks.Identify(image, "test image"));
    }
}
