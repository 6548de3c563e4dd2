using Customizable.Vlm.Imaging;

namespace Customizable.Vlm.Tests.Imaging;

public class ImageLoadOptionsTests
{
    [Fact]
    public void Defaults_are_the_documented_limits()
    {
        var options = new ImageLoadOptions();

        Assert.Equal(50_000_000, options.MaxPixels);
        Assert.Equal(32_768, options.MaxWidth);
        Assert.Equal(32_768, options.MaxHeight);
        Assert.Equal(256L * 1024 * 1024, options.MaxFileBytes);
        Assert.True(options.ApplyExifOrientation);
        Assert.Equal(RgbColor.White, options.AlphaBackground);
    }

    [Fact]
    public void Out_of_range_values_are_rejected()
    {
        var options = new ImageLoadOptions();

        Assert.Throws<ArgumentOutOfRangeException>(() => options.MaxPixels = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => options.MaxPixels = ImageLoadOptions.MaxSupportedPixels + 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => options.MaxWidth = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => options.MaxHeight = -1);
        Assert.Throws<ArgumentOutOfRangeException>(() => options.MaxFileBytes = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => options.MaxFileBytes = ImageLoadOptions.MaxSupportedFileBytes + 1);
    }

    [Fact]
    public void A_clone_is_independent_and_a_loader_keeps_its_own_copy()
    {
        var options = new ImageLoadOptions { MaxPixels = 1234, AlphaBackground = RgbColor.Black };
        ImageLoadOptions clone = options.Clone();
        var loader = new ImageLoader(options);

        options.MaxPixels = 99;

        Assert.Equal(1234, clone.MaxPixels);
        Assert.Equal(RgbColor.Black, clone.AlphaBackground);
        Assert.Equal(1234, loader.Options.MaxPixels);
    }
}
