namespace Customizable.Vlm.Tests;

public class RawFrameTests
{
    [Fact]
    public void A_tightly_packed_frame_exposes_each_row()
    {
        byte[] pixels = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
        var frame = new RawFrame(2, 2, PixelFormat.Rgb24, pixels);

        Assert.Equal(6, frame.Stride);
        Assert.Equal(new byte[] { 7, 8, 9, 10, 11, 12 }, frame.GetRow(1).ToArray());
    }

    [Fact]
    public void A_padded_stride_skips_the_padding()
    {
        byte[] pixels = [1, 2, 3, 0, 4, 5, 6];
        var frame = new RawFrame(1, 2, PixelFormat.Rgb24, pixels, stride: 4);

        Assert.Equal(new byte[] { 4, 5, 6 }, frame.GetRow(1).ToArray());
    }

    [Theory]
    [InlineData(0, 1, 3)]
    [InlineData(1, 0, 3)]
    [InlineData(2, 2, 11)]
    public void Impossible_dimensions_or_short_memory_are_rejected(int width, int height, int bytes)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RawFrame(width, height, PixelFormat.Rgb24, new byte[bytes]));
    }

    [Fact]
    public void A_stride_shorter_than_a_row_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RawFrame(2, 1, PixelFormat.Rgba32, new byte[16], stride: 7));
    }
}
