using Customizable.Vlm.Evaluation.Datasets;
using Customizable.Vlm.Evaluation.Tests.Support;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Customizable.Vlm.Evaluation.Tests;

public class MaskLoaderTests
{
    [Fact]
    public async Task Any_non_zero_value_is_anomalous_in_8_bit_16_bit_and_colour_masks()
    {
        using var tree = new DatasetTree();
        string gray8 = Save(tree, "l8.png", new Image<L8>(2, 1) { [1, 0] = new L8(1) });
        string gray16 = Save(tree, "l16.png", new Image<L16>(2, 1) { [1, 0] = new L16(1) });
        string colour = Save(tree, "rgba.png", new Image<Rgba32>(2, 1) { [0, 0] = new Rgba32(0, 0, 0, 255), [1, 0] = new Rgba32(0, 0, 1, 255) });

        foreach (string path in new[] { gray8, gray16, colour })
        {
            (bool[] mask, int w, int h) = await MaskLoader.LoadUnionAsync([path], CancellationToken.None);
            Assert.Equal((2, 1), (w, h));
            Assert.Equal([false, true], mask);
        }
    }

    [Fact]
    public async Task Several_masks_are_united_and_must_share_one_size()
    {
        using var tree = new DatasetTree();
        string left = tree.Mask("a.png", 4, 1, new PixelRect(0, 0, 1, 1));
        string right = tree.Mask("b.png", 4, 1, new PixelRect(3, 0, 1, 1));
        string other = tree.Mask("c.png", 5, 1, null);

        (bool[] mask, _, _) = await MaskLoader.LoadUnionAsync([left, right], CancellationToken.None);

        Assert.Equal([true, false, false, true], mask);
        var error = await Assert.ThrowsAsync<DatasetException>(() => MaskLoader.LoadUnionAsync([left, other], CancellationToken.None));
        Assert.Equal(other, error.Path);
    }

    [Fact]
    public async Task An_unreadable_mask_is_an_error_naming_it()
    {
        using var tree = new DatasetTree();
        string broken = tree.Text("broken.png", "no image");

        var error = await Assert.ThrowsAsync<DatasetException>(() => MaskLoader.LoadUnionAsync([broken], CancellationToken.None));

        Assert.Equal(broken, error.Path);
    }

    private static string Save<TPixel>(DatasetTree tree, string name, Image<TPixel> image)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        using (image)
        {
            string path = tree.Path(name);
            image.SaveAsPng(path);
            return path;
        }
    }
}
