using Customizable.Vlm.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace Customizable.Vlm.Tests.Imaging;

public class ImageEncoderTests
{
    private readonly ImageEncoder _encoder = new(new ImageLoadOptions { MinWidth = 1, MinHeight = 1 });

    [Fact]
    public async Task Every_kind_of_image_observation_yields_one_full_resolution_view_with_identity_provenance()
    {
        using Image<Rgb24> image = TestImages.Noise(12, 7, seed: 2);
        byte[] png = TestImages.Encode(image, new PngEncoder());
        byte[] expected = TestImages.RgbBytes(image);
        using var temp = new TempDirectory();
        string path = temp.Write("part.png", png);
        ImageObservation[] observations =
        [
            ImageObservation.FromFile(path),
            ImageObservation.FromBytes(png, "bytes"),
            ImageObservation.FromStream(new MemoryStream(png), "stream"),
            ImageObservation.FromFrame(new RawFrame(12, 7, PixelFormat.Rgb24, expected), "frame"),
        ];

        foreach (ImageObservation observation in observations)
        {
            Assert.True(_encoder.CanEncode(observation));
            IReadOnlyList<EncodedView> views = await _encoder.EncodeAsync(observation);

            EncodedView view = Assert.Single(views);
            Assert.Equal("image", view.Label);
            Assert.Equal(0, view.Index);
            Assert.Same(observation, view.Source);
            Assert.Equal(expected, view.Frame.Pixels.ToArray());
            var provenance = Assert.IsType<ImageProvenance>(view.Provenance);
            Assert.Equal((12, 7, 1.0, 1.0, 0.0, 0.0), (provenance.SourceWidth, provenance.SourceHeight, provenance.ScaleX, provenance.ScaleY, provenance.OffsetX, provenance.OffsetY));
        }
    }

    [Fact]
    public async Task A_frame_observation_in_another_format_is_converted_to_rgb()
    {
        var observation = ImageObservation.FromFrame(new RawFrame(2, 1, PixelFormat.Gray8, new byte[] { 5, 250 }));

        EncodedView view = Assert.Single(await _encoder.EncodeAsync(observation));

        Assert.Equal(PixelFormat.Rgb24, view.Frame.Format);
        Assert.Equal(new byte[] { 5, 5, 5, 250, 250, 250 }, view.Frame.Pixels.ToArray());
    }

    [Fact]
    public async Task Other_modalities_are_not_encoded()
    {
        var cloud = PointCloudObservation.FromPoints(new[] { System.Numerics.Vector3.Zero });

        Assert.False(_encoder.CanEncode(cloud));
        await Assert.ThrowsAsync<NotSupportedException>(async () => await _encoder.EncodeAsync(cloud));
    }

    [Fact]
    public async Task The_encoder_applies_the_load_limits()
    {
        using Image<Rgb24> image = TestImages.Noise(10, 10, seed: 2);
        byte[] png = TestImages.Encode(image, new PngEncoder());
        var encoder = new ImageEncoder(new ImageLoadOptions { MaxPixels = 50 });

        var error = await Assert.ThrowsAsync<InputLimitExceededException>(async () => await encoder.EncodeAsync(ImageObservation.FromBytes(png, "big")));

        Assert.Equal("big", error.SourceName);
    }

    [Fact]
    public async Task Corrupt_bytes_surface_as_an_invalid_observation()
    {
        var observation = ImageObservation.FromBytes(new byte[] { 0x89, 0x50, 0x4E, 0x47, 1, 2, 3 }, "broken");

        var error = await Assert.ThrowsAnyAsync<InvalidObservationException>(async () => await _encoder.EncodeAsync(observation));

        Assert.Equal("broken", error.SourceName);
    }
}
