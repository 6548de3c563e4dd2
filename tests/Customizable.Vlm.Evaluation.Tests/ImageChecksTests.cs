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

    [Fact]
    public void A_lossless_WebP_whose_prefix_codes_would_make_the_decoder_allocate_gigabytes_fails_the_up_front_check()
    {
        // The fuzzer's 97-byte file: ImageSharp 2.1 allocated 1.5 GB of prefix-code tables for it before failing.
        using var tree = new DatasetTree();
        string image = tree.Path("test/good/000.webp");
        Directory.CreateDirectory(Path.GetDirectoryName(image)!);
        File.WriteAllBytes(image, Convert.FromHexString(
            "524946464200000057454250565038"
            + "4C350000002F08400300993244F43FA4B7EECD07157433F475103B3EA42AA13A4D8AE4BD236D3611D1FF8082B66D987068F9A3DD1F0181400A33F9010C856DDB20A5E1254858A48044935"
            + "1C560787BE90100"));

        var error = Assert.Throws<DatasetException>(() => ImageChecks.Identify(image, "test image"));

        Assert.Equal(image, error.Path);
        Assert.Contains("corrupt", error.Message, StringComparison.Ordinal);
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
