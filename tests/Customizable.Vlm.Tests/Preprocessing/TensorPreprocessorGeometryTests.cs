using Customizable.Vlm.Preprocessing;

namespace Customizable.Vlm.Tests.Preprocessing;

public class TensorPreprocessorGeometryTests
{
    [Fact]
    public void Stretch_geometry_is_a_plain_scale_about_pixel_centres()
    {
        var sut = new TensorPreprocessor(new TensorPreprocessorOptions { TargetWidth = 10, TargetHeight = 10 });
        PreprocessGeometry g = sut.GetGeometry(100, 50);

        Assert.Equal(10.0, g.ScaleX);
        Assert.Equal(5.0, g.ScaleY);
        Assert.Equal(0.0, g.OffsetX);
        Assert.Equal(0.0, g.OffsetY);
        Assert.Equal(4.5, g.TensorToSourceX(0));
        Assert.Equal(2.0, g.TensorToSourceY(0));
        Assert.Equal((0, 0, 10, 10), (g.ContentX, g.ContentY, g.ContentWidth, g.ContentHeight));
    }

    [Fact]
    public void Centre_crop_geometry_offsets_by_the_crop_in_source_pixels()
    {
        var sut = new TensorPreprocessor(new TensorPreprocessorOptions
        {
            ResizeMode = TensorResizeMode.ShorterSideThenCenterCrop,
            ResizeShorterSide = 256,
        });
        PreprocessGeometry g = sut.GetGeometry(300, 200);

        Assert.Equal((384, 256), (g.ResizedWidth, g.ResizedHeight));
        Assert.Equal(300.0 / 384, g.ScaleX, 12);
        Assert.Equal(200.0 / 256, g.ScaleY, 12);
        Assert.Equal(80 * 300.0 / 384, g.OffsetX, 12);
        Assert.Equal(16 * 200.0 / 256, g.OffsetY, 12);
        Assert.Equal((0, 0, 224, 224), (g.ContentX, g.ContentY, g.ContentWidth, g.ContentHeight));

        // The centre of the tensor is the centre of the source.
        Assert.Equal(149.5, g.TensorToSourceX(111.5), 9);
        Assert.Equal(99.5, g.TensorToSourceY(111.5), 9);
    }

    [Fact]
    public void Letterbox_geometry_reports_the_content_rectangle_and_padding_holds_the_pad_value()
    {
        var o = new TensorPreprocessorOptions
        {
            TargetWidth = 64,
            TargetHeight = 64,
            ResizeMode = TensorResizeMode.Letterbox,
            PadValue = new RgbTriple(255, 0, 51),
        };
        var sut = new TensorPreprocessor(o);
        PreprocessGeometry g = sut.GetGeometry(200, 100);

        Assert.Equal((0, 16, 64, 32), (g.ContentX, g.ContentY, g.ContentWidth, g.ContentHeight));
        Assert.Equal(200.0 / 64, g.ScaleX, 12);
        Assert.Equal(100.0 / 32, g.ScaleY, 12);
        Assert.Equal(-16 * 100.0 / 32, g.OffsetY, 12);
        Assert.False(g.IsContent(0, 15));
        Assert.True(g.IsContent(0, 16));
        Assert.True(g.IsContent(63, 47));
        Assert.False(g.IsContent(63, 48));

        var tensor = new float[sut.TensorLength];
        sut.Preprocess(TestFrames.Random(200, 100), tensor);
        int plane = 64 * 64;
        for (int y = 0; y < 64; y++)
        {
            if (g.IsContent(0, y))
            {
                continue;
            }

            for (int x = 0; x < 64; x++)
            {
                Assert.Equal(1f, tensor[(y * 64) + x], 6);
                Assert.Equal(0f, tensor[plane + (y * 64) + x], 6);
                Assert.Equal(0.2f, tensor[(2 * plane) + (y * 64) + x], 6);
            }
        }
    }

    [Theory]
    [InlineData(TensorResizeMode.Stretch, 100, 50)]
    [InlineData(TensorResizeMode.ShorterSideThenCenterCrop, 300, 200)]
    [InlineData(TensorResizeMode.Letterbox, 77, 190)]
    public void Source_to_tensor_is_the_inverse_of_tensor_to_source(TensorResizeMode mode, int sw, int sh)
    {
        var sut = new TensorPreprocessor(new TensorPreprocessorOptions { TargetWidth = 40, TargetHeight = 30, ResizeMode = mode, ResizeShorterSide = 50 });
        PreprocessGeometry g = sut.GetGeometry(sw, sh);
        foreach (double v in new[] { -3.25, 0, 7.5, 29, 39.75 })
        {
            Assert.Equal(v, g.SourceToTensorX(g.TensorToSourceX(v)), 9);
            Assert.Equal(v, g.SourceToTensorY(g.TensorToSourceY(v)), 9);
        }
    }

    [Theory]
    [InlineData(TensorResizeMode.Stretch, 160, 96, 101, 37)]
    [InlineData(TensorResizeMode.Stretch, 160, 96, 13, 80)]
    [InlineData(TensorResizeMode.ShorterSideThenCenterCrop, 240, 160, 150, 70)]
    [InlineData(TensorResizeMode.ShorterSideThenCenterCrop, 160, 240, 70, 150)]
    [InlineData(TensorResizeMode.Letterbox, 240, 120, 177, 60)]
    [InlineData(TensorResizeMode.Letterbox, 120, 240, 40, 200)]
    public void A_single_bright_source_pixel_lands_where_the_geometry_predicts(TensorResizeMode mode, int sw, int sh, int dotX, int dotY)
    {
        var o = new TensorPreprocessorOptions { TargetWidth = 40, TargetHeight = 32, ResizeMode = mode, ResizeShorterSide = 48, Scale = 1f };
        var sut = new TensorPreprocessor(o);
        PreprocessGeometry g = sut.GetGeometry(sw, sh);
        var tensor = new float[sut.TensorLength];
        sut.Preprocess(TestFrames.Dot(sw, sh, dotX, dotY), tensor);

        // Response-weighted centroid of the red plane (its sum is the dot's weight spread over its neighbours).
        double sum = 0, cx = 0, cy = 0, peak = -1;
        int peakX = -1, peakY = -1;
        for (int y = 0; y < 32; y++)
        {
            for (int x = 0; x < 40; x++)
            {
                double v = tensor[(y * 40) + x];
                sum += v;
                cx += v * x;
                cy += v * y;
                if (v > peak)
                {
                    peak = v;
                    peakX = x;
                    peakY = y;
                }
            }
        }

        double expectedX = g.SourceToTensorX(dotX);
        double expectedY = g.SourceToTensorY(dotY);
        Assert.True(sum > 0);
        Assert.Equal(expectedX, cx / sum, 1);
        Assert.Equal(expectedY, cy / sum, 1);
        Assert.InRange(peakX, (int)Math.Floor(expectedX), (int)Math.Ceiling(expectedX));
        Assert.InRange(peakY, (int)Math.Floor(expectedY), (int)Math.Ceiling(expectedY));
    }
}
