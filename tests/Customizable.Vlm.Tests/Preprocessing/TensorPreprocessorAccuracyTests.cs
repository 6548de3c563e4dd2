using Customizable.Vlm.Preprocessing;

namespace Customizable.Vlm.Tests.Preprocessing;

/// <summary>
/// Compares the fast preprocessor with <see cref="ReferencePreprocessor"/>. Tolerance: maximum absolute error 1e-3 on the 0..255
/// scale (Scale = 1, Mean = 0, Std = 1), i.e. far below one grey level; float accumulation error is around 1e-4 at worst.
/// Every case runs both with SIMD (when the machine has it) and with the scalar fallback.
/// </summary>
public class TensorPreprocessorAccuracyTests
{
    private const double Tolerance = 1e-3;

    [Theory]
    [InlineData(37, 23, 11, 17, true)]
    [InlineData(37, 23, 11, 17, false)]
    [InlineData(1024, 1024, 224, 224, true)]
    [InlineData(1024, 1024, 224, 224, false)]
    [InlineData(5, 3, 16, 16, true)]
    [InlineData(5, 3, 16, 16, false)]
    [InlineData(1, 1, 7, 5, true)]
    [InlineData(1, 1, 7, 5, false)]
    [InlineData(13, 9, 1, 1, true)]
    [InlineData(13, 9, 1, 1, false)]
    [InlineData(64, 48, 64, 48, true)]
    [InlineData(3, 40, 9, 8, true)]
    [InlineData(3, 40, 9, 8, false)]
    public void Stretching_matches_the_reference_within_tolerance(int sw, int sh, int tw, int th, bool simd)
    {
        AssertMatches(Options(tw, th), TestFrames.Random(sw, sh), simd);
    }

    [Theory]
    [InlineData(900, 600, true)]
    [InlineData(600, 900, true)]
    [InlineData(900, 600, false)]
    [InlineData(600, 900, false)]
    [InlineData(300, 301, true)]
    [InlineData(100, 57, true)]
    public void Shorter_side_then_centre_crop_matches_the_reference_for_both_orientations(int sw, int sh, bool simd)
    {
        TensorPreprocessorOptions o = Options(224, 224);
        o.ResizeMode = TensorResizeMode.ShorterSideThenCenterCrop;
        o.ResizeShorterSide = 256;
        AssertMatches(o, TestFrames.Random(sw, sh), simd);
    }

    [Fact]
    public void Shorter_side_then_centre_crop_matches_the_reference_for_a_non_square_crop()
    {
        TensorPreprocessorOptions o = Options(40, 24);
        o.ResizeMode = TensorResizeMode.ShorterSideThenCenterCrop;
        o.ResizeShorterSide = 45;
        AssertMatches(o, TestFrames.Random(77, 131), simd: true);
    }

    [Theory]
    [InlineData(200, 100, 64, 64, true)]
    [InlineData(100, 200, 64, 64, true)]
    [InlineData(200, 100, 64, 64, false)]
    [InlineData(33, 7, 20, 30, true)]
    [InlineData(5, 9, 30, 20, true)]
    [InlineData(1, 1, 6, 4, true)]
    public void Letterbox_matches_the_reference_including_padding(int sw, int sh, int tw, int th, bool simd)
    {
        TensorPreprocessorOptions o = Options(tw, th);
        o.ResizeMode = TensorResizeMode.Letterbox;
        o.PadValue = new RgbTriple(114, 50, 7);
        AssertMatches(o, TestFrames.Random(sw, sh), simd);
    }

    [Theory]
    [InlineData(PixelFormat.Rgb24, TensorChannelOrder.Rgb, true)]
    [InlineData(PixelFormat.Rgb24, TensorChannelOrder.Bgr, true)]
    [InlineData(PixelFormat.Bgr24, TensorChannelOrder.Rgb, true)]
    [InlineData(PixelFormat.Bgr24, TensorChannelOrder.Bgr, true)]
    [InlineData(PixelFormat.Rgba32, TensorChannelOrder.Rgb, true)]
    [InlineData(PixelFormat.Rgba32, TensorChannelOrder.Bgr, false)]
    [InlineData(PixelFormat.Bgra32, TensorChannelOrder.Rgb, true)]
    [InlineData(PixelFormat.Bgra32, TensorChannelOrder.Bgr, false)]
    [InlineData(PixelFormat.Gray8, TensorChannelOrder.Rgb, true)]
    [InlineData(PixelFormat.Gray8, TensorChannelOrder.Bgr, false)]
    public void Every_pixel_format_and_channel_order_matches_the_reference(PixelFormat format, TensorChannelOrder order, bool simd)
    {
        TensorPreprocessorOptions o = Options(19, 21);
        o.ChannelOrder = order;
        AssertMatches(o, TestFrames.Random(61, 45, format), simd);
    }

    [Theory]
    [InlineData(PixelFormat.Rgb24, 5)]
    [InlineData(PixelFormat.Gray8, 3)]
    [InlineData(PixelFormat.Bgra32, 12)]
    public void A_padded_stride_is_honoured(PixelFormat format, int extraBytes)
    {
        AssertMatches(Options(23, 17), TestFrames.Random(71, 39, format, extraBytes), simd: true);
    }

    [Fact]
    public void Scale_mean_and_std_are_applied_per_rgb_channel_in_both_orders()
    {
        foreach (TensorChannelOrder order in new[] { TensorChannelOrder.Rgb, TensorChannelOrder.Bgr })
        {
            var o = new TensorPreprocessorOptions
            {
                TargetWidth = 24,
                TargetHeight = 24,
                Scale = 1f / 255f,
                Mean = new RgbTriple(0.485f, 0.456f, 0.406f),
                Std = new RgbTriple(0.229f, 0.224f, 0.225f),
                ChannelOrder = order,
            };

            // 1e-3 grey levels, in normalised units: 1e-3 / 255 / min(std) is about 2e-5.
            AssertMatches(o, TestFrames.Random(50, 70, PixelFormat.Bgr24), simd: true, tolerance: 2e-5);
        }
    }

    private static TensorPreprocessorOptions Options(int width, int height) => new()
    {
        TargetWidth = width,
        TargetHeight = height,
        Scale = 1f,
    };

    private static void AssertMatches(TensorPreprocessorOptions options, RawFrame frame, bool simd, double tolerance = Tolerance)
    {
        var sut = new TensorPreprocessor(options, simd);
        var actual = new float[sut.TensorLength];
        sut.Preprocess(frame, actual);
        double[] expected = ReferencePreprocessor.Run(options, frame);
        Assert.Equal(expected.Length, actual.Length);
        double worst = 0;
        int worstIndex = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(expected[i] - actual[i]);
            if (!(error <= worst))
            {
                worst = error;
                worstIndex = i;
            }
        }

        Assert.True(worst <= tolerance, $"Max abs error {worst} at index {worstIndex} (expected {(worstIndex >= 0 ? expected[worstIndex] : 0)}, actual {(worstIndex >= 0 ? actual[worstIndex] : 0)}) exceeds {tolerance}.");
    }
}
