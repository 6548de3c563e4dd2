using Customizable.Vlm.Onnx.Tuning;

namespace Customizable.Vlm.Onnx.Tests.Tuning;

public sealed class SyntheticDefectsTests
{
    private static RawFrame Plain(int width, int height, PixelFormat format)
    {
        int bpp = format.BytesPerPixel();
        byte[] pixels = new byte[width * height * bpp];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)(100 + ((i / bpp) % 7));
        }

        return new RawFrame(width, height, format, pixels);
    }

    [Theory]
    [InlineData(PixelFormat.Rgb24)]
    [InlineData(PixelFormat.Bgra32)]
    [InlineData(PixelFormat.Gray8)]
    public void Every_kind_changes_pixels_only_inside_its_mask_and_keeps_size_and_format(PixelFormat format)
    {
        RawFrame frame = Plain(120, 90, format);
        int bpp = format.BytesPerPixel();
        for (int index = 0; index < 20; index++)
        {
            SyntheticDefect defect = SyntheticDefects.Plant(frame, index, seed: 3);
            Assert.Equal((frame.Width, frame.Height, frame.Format), (defect.Frame.Width, defect.Frame.Height, defect.Frame.Format));
            int changedInside = 0;
            for (int y = 0; y < frame.Height; y++)
            {
                ReadOnlySpan<byte> a = frame.GetRow(y), b = defect.Frame.GetRow(y);
                for (int x = 0; x < frame.Width; x++)
                {
                    bool changed = !a.Slice(x * bpp, bpp).SequenceEqual(b.Slice(x * bpp, bpp));
                    bool inMask = defect.Mask[(y * frame.Width) + x];
                    Assert.False(changed && !inMask, $"{defect.Kind} (index {index}) changed pixel ({x}, {y}) outside its mask.");
                    changedInside += changed ? 1 : 0;
                }
            }

            Assert.True(changedInside > 0, $"{defect.Kind} (index {index}) changed nothing.");
        }
    }

    [Fact]
    public void The_same_seed_and_index_plant_the_same_defect_and_another_seed_places_it_elsewhere()
    {
        RawFrame frame = Plain(200, 200, PixelFormat.Rgb24);

        SyntheticDefect a = SyntheticDefects.Plant(frame, 7, seed: 1);
        SyntheticDefect b = SyntheticDefects.Plant(frame, 7, seed: 1);
        SyntheticDefect c = SyntheticDefects.Plant(frame, 7, seed: 2);

        Assert.Equal(a.Mask, b.Mask);
        Assert.True(a.Frame.Pixels.Span.SequenceEqual(b.Frame.Pixels.Span));
        Assert.NotEqual(a.Mask, c.Mask);
    }

    [Fact]
    public void Sizes_grow_from_tiny_to_medium_as_the_index_cycles()
    {
        RawFrame frame = Plain(400, 400, PixelFormat.Rgb24);
        int kinds = Enum.GetValues<SyntheticDefectKind>().Length;

        double Area(int index) => SyntheticDefects.Plant(frame, index, seed: 5).Mask.Count(m => m) / (400.0 * 400.0);

        // A colour blob at the tiny, then the medium size.
        double tiny = Area((int)SyntheticDefectKind.ColourBlob);
        double medium = Area((int)SyntheticDefectKind.ColourBlob + (3 * kinds));

        Assert.InRange(tiny, 0.0001, 0.01);
        Assert.True(medium > 5 * tiny, $"tiny {tiny:0.0000}, medium {medium:0.0000}");
    }

    [Fact]
    public void A_shifted_stand_in_moves_the_content_by_about_two_percent_and_keeps_size_and_format()
    {
        var pixels = new byte[100 * 100 * 3];
        for (int y = 0; y < 100; y++)
        {
            for (int x = 0; x < 100; x++)
            {
                pixels[((y * 100) + x) * 3] = (byte)(x * 2);
            }
        }

        var frame = new RawFrame(100, 100, PixelFormat.Rgb24, pixels);

        RawFrame shifted = SyntheticDefects.Shift(frame, 0);

        Assert.Equal((100, 100, PixelFormat.Rgb24), (shifted.Width, shifted.Height, shifted.Format));
        // Index 0 shifts right by 2 pixels and brightens by 3%: column 50 now shows what column 48 showed.
        Assert.Equal((byte)Math.Round(96 * 1.03), shifted.GetRow(50)[50 * 3]);
        Assert.False(SyntheticDefects.Shift(frame, 1).Pixels.Span.SequenceEqual(shifted.Pixels.Span));
    }
}
