using Customizable.Vlm.Imaging;

namespace Customizable.Vlm.Tests.Prompting;

public class FrameResizerTests
{
    [Fact]
    public void Halving_averages_each_two_by_two_block_exactly()
    {
        RawFrame source = PromptFixtures.Gradient(8, 6, 3);

        RawFrame half = FrameResizer.Resize(source, 4, 3);

        for (int y = 0; y < 3; y++)
        {
            for (int x = 0; x < 4; x++)
            {
                for (int c = 0; c < 3; c++)
                {
                    int sum = source.GetRow(2 * y)[(2 * x * 3) + c] + source.GetRow(2 * y)[(((2 * x) + 1) * 3) + c]
                        + source.GetRow((2 * y) + 1)[(2 * x * 3) + c] + source.GetRow((2 * y) + 1)[(((2 * x) + 1) * 3) + c];
                    Assert.Equal((sum + 2) / 4, half.GetRow(y)[(x * 3) + c]);
                }
            }
        }
    }

    [Fact]
    public void A_non_integer_ratio_weights_partial_pixels_by_their_covered_area()
    {
        // 3 -> 2 columns: output 0 covers source 0 fully and half of source 1.
        var source = new RawFrame(3, 1, PixelFormat.Rgb24, new byte[] { 0, 0, 0, 90, 90, 90, 240, 240, 240 });

        RawFrame resized = FrameResizer.Resize(source, 2, 1);

        Assert.Equal((byte)Math.Round((0 + 45) / 1.5), resized.GetRow(0)[0]);
        Assert.Equal((byte)Math.Round((45 + 240) / 1.5), resized.GetRow(0)[3]);
    }

    [Theory]
    [InlineData(2000, 1000, 500, 500, 250)]
    [InlineData(1000, 2000, 500, 250, 500)]
    [InlineData(300, 200, 500, 300, 200)]
    [InlineData(5000, 1, 100, 100, 1)]
    public void Fitting_keeps_the_aspect_and_never_enlarges(int w, int h, int max, int ew, int eh)
    {
        Assert.Equal((ew, eh), FrameResizer.FitWithin(w, h, max));
    }
}
