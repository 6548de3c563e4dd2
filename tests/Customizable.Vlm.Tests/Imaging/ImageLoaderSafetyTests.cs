using System.Buffers.Binary;
using Customizable.Vlm.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tga;
using SixLabors.ImageSharp.PixelFormats;

namespace Customizable.Vlm.Tests.Imaging;

public class ImageLoaderSafetyTests
{
    private readonly ImageLoader _loader = new();

    private static byte[] NoisePng(int width = 64, int height = 64)
    {
        using Image<Rgb24> image = TestImages.Noise(width, height, seed: 11);
        return TestImages.Encode(image, new PngEncoder());
    }

    private static byte[] NoiseJpeg()
    {
        using Image<Rgb24> image = TestImages.Noise(64, 64, seed: 12);
        return TestImages.Encode(image, new JpegEncoder { Quality = 90 });
    }

    /// <summary>A real PNG whose IHDR claims another size, with a valid IHDR CRC, as a decompression bomb would.</summary>
    private static byte[] PngClaiming(int width, int height)
    {
        byte[] png = NoisePng(8, 8);

        // Signature (8) + IHDR length (4) + "IHDR" (4); width and height follow, then 5 more header bytes and the CRC.
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), height);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), Crc32.Compute(png.AsSpan(12, 17)));
        return png;
    }

    [Fact]
    public async Task A_png_cut_in_half_raises_a_decoding_error_naming_the_file()
    {
        byte[] png = NoisePng();
        using var temp = new TempDirectory();
        string path = temp.Write("half.png", png[..(png.Length / 2)]);

        var error = await Assert.ThrowsAsync<ImageDecodingException>(async () => await _loader.LoadAsync(path));

        Assert.Contains("half.png", error.Message, StringComparison.Ordinal);
        Assert.Equal(path, error.SourceName);
        Assert.NotNull(error.Reason);
    }

    [Fact]
    public async Task A_jpeg_cut_to_50_bytes_raises_a_decoding_error_naming_the_file()
    {
        byte[] jpeg = NoiseJpeg();
        using var temp = new TempDirectory();
        string path = temp.Write("cut.jpg", jpeg[..50]);

        var error = await Assert.ThrowsAsync<ImageDecodingException>(async () => await _loader.LoadAsync(path));

        Assert.Contains("cut.jpg", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_jpeg_cut_in_half_never_escapes_as_a_decoder_exception()
    {
        byte[] jpeg = NoiseJpeg();

        // Baseline JPEG decoders may render a truncated scan partially; either a full-size frame or the typed error is acceptable.
        try
        {
            RawFrame frame = _loader.Load(jpeg.AsSpan(0, jpeg.Length / 2), "half.jpg");
            Assert.Equal((64, 64), (frame.Width, frame.Height));
        }
        catch (ImageDecodingException error)
        {
            Assert.Contains("half.jpg", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_truncation_of_a_png_is_rejected_with_the_typed_error()
    {
        byte[] png = NoisePng(16, 16);
        for (int length = 1; length < png.Length - 12; length += 7)
        {
            var error = Assert.ThrowsAny<InvalidObservationException>(() => _loader.Load(png.AsSpan(0, length), "cut.png"));
            Assert.Equal("cut.png", error.SourceName);
        }
    }

    [Fact]
    public void Random_bytes_raise_a_decoding_error()
    {
        byte[] noise = new byte[4096];
        new Random(5).NextBytes(noise);

        var error = Assert.Throws<ImageDecodingException>(() => _loader.Load(noise, "noise.bin"));

        Assert.Contains("noise.bin", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupted_png_body_raises_a_decoding_error_or_decodes_but_never_leaks_decoder_exceptions()
    {
        byte[] png = NoisePng();
        var random = new Random(9);
        for (int trial = 0; trial < 50; trial++)
        {
            byte[] damaged = (byte[])png.Clone();
            for (int i = 0; i < 8; i++)
            {
                damaged[random.Next(33, damaged.Length)] = (byte)random.Next(256);
            }

            try
            {
                _loader.Load(damaged, "damaged.png");
            }
            catch (InvalidObservationException)
            {
            }
        }
    }

    [Fact]
    public void An_image_in_an_unsupported_format_raises_a_decoding_error()
    {
        using Image<Rgb24> image = TestImages.Noise(4, 4, seed: 1);
        byte[] tga = TestImages.Encode(image, new TgaEncoder());

        var error = Assert.Throws<ImageDecodingException>(() => _loader.Load(tga, "image.tga"));

        Assert.Contains("supported format", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_file_raises_a_decoding_error()
    {
        using var temp = new TempDirectory();
        string path = temp.Write("empty.png", []);

        var error = await Assert.ThrowsAsync<ImageDecodingException>(async () => await _loader.LoadAsync(path));

        Assert.Contains("empty.png", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_stream_and_empty_bytes_raise_a_decoding_error()
    {
        await Assert.ThrowsAsync<ImageDecodingException>(async () => await _loader.LoadAsync(new MemoryStream(), "empty"));
        Assert.Throws<ImageDecodingException>(() => _loader.Load(ReadOnlySpan<byte>.Empty, "empty"));
    }

    [Fact]
    public async Task A_missing_file_raises_an_invalid_observation_naming_the_path()
    {
        using var temp = new TempDirectory();
        string path = Path.Combine(temp.Path, "missing.png");

        var error = await Assert.ThrowsAsync<InvalidObservationException>(async () => await _loader.LoadAsync(path));

        Assert.Equal(path, error.SourceName);
        Assert.IsType<FileNotFoundException>(error.InnerException);
    }

    [Fact]
    public void A_png_claiming_60000_by_60000_is_rejected_before_any_large_allocation()
    {
        byte[] bomb = PngClaiming(60_000, 60_000);
        _ = Assert.Throws<InputLimitExceededException>(() => _loader.Load(PngClaiming(60_000, 60_000), "warmup.png"));

        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<InputLimitExceededException>(() => _loader.Load(bomb, "bomb.png"));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(nameof(ImageLoadOptions.MaxWidth), error.LimitName);
        Assert.Equal(60_000, error.Actual);
        Assert.Contains("bomb.png", error.Message, StringComparison.Ordinal);
        Assert.True(allocated < 32L * 1024 * 1024, $"{allocated:N0} bytes were allocated.");
    }

    [Fact]
    public async Task A_png_within_the_side_limits_but_over_the_pixel_limit_is_rejected_before_decoding()
    {
        byte[] bomb = PngClaiming(30_000, 30_000);
        using var temp = new TempDirectory();
        string path = temp.Write("square-bomb.png", bomb);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = await Assert.ThrowsAsync<InputLimitExceededException>(async () => await _loader.LoadAsync(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(nameof(ImageLoadOptions.MaxPixels), error.LimitName);
        Assert.Equal(900_000_000, error.Actual);
        Assert.True(allocated < 32L * 1024 * 1024, $"{allocated:N0} bytes were allocated.");
    }

    [Fact]
    public void The_pixel_limit_admits_exactly_its_value()
    {
        byte[] png = NoisePng(10, 10);

        RawFrame frame = new ImageLoader(new ImageLoadOptions { MaxPixels = 100, MinWidth = 1, MinHeight = 1 }).Load(png, "ten.png");
        var error = Assert.Throws<InputLimitExceededException>(() => new ImageLoader(new ImageLoadOptions { MaxPixels = 99 }).Load(png, "ten.png"));

        Assert.Equal((10, 10), (frame.Width, frame.Height));
        Assert.Equal(100, error.Actual);
        Assert.Equal(99, error.Maximum);
    }

    [Fact]
    public void The_width_and_height_limits_apply_to_the_displayed_image()
    {
        byte[] png = NoisePng(20, 10);

        Assert.Equal(nameof(ImageLoadOptions.MaxWidth), Assert.Throws<InputLimitExceededException>(() => new ImageLoader(new ImageLoadOptions { MaxWidth = 19 }).Load(png, "w")).LimitName);
        Assert.Equal(nameof(ImageLoadOptions.MaxHeight), Assert.Throws<InputLimitExceededException>(() => new ImageLoader(new ImageLoadOptions { MaxHeight = 9 }).Load(png, "h")).LimitName);
        Assert.Equal(20, new ImageLoader(new ImageLoadOptions { MaxWidth = 20, MaxHeight = 10, MinWidth = 1, MinHeight = 1 }).Load(png, "ok").Width);
    }

    [Fact]
    public async Task A_file_over_the_byte_limit_is_rejected_before_it_is_read()
    {
        byte[] png = NoisePng();
        using var temp = new TempDirectory();
        string path = temp.Write("big.png", png);
        var loader = new ImageLoader(new ImageLoadOptions { MaxFileBytes = png.Length - 1 });

        var error = await Assert.ThrowsAsync<InputLimitExceededException>(async () => await loader.LoadAsync(path));

        Assert.Equal(nameof(ImageLoadOptions.MaxFileBytes), error.LimitName);
        Assert.Equal(png.Length, error.Actual);
        Assert.Equal(path, error.SourceName);
        Assert.Equal(64, (await new ImageLoader(new ImageLoadOptions { MaxFileBytes = png.Length }).LoadAsync(path)).Width);
    }

    [Fact]
    public async Task A_stream_over_the_byte_limit_is_read_only_one_byte_past_the_limit()
    {
        byte[] data = new byte[1_000_000];
        var stream = new NonSeekableStream(data);
        var loader = new ImageLoader(new ImageLoadOptions { MaxFileBytes = 1000 });

        var error = await Assert.ThrowsAsync<InputLimitExceededException>(async () => await loader.LoadAsync(stream, "endless"));

        Assert.Equal(nameof(ImageLoadOptions.MaxFileBytes), error.LimitName);
        Assert.Equal(1001, stream.BytesRead);
        Assert.Equal("endless", error.SourceName);
    }

    [Fact]
    public async Task A_seekable_stream_over_the_byte_limit_is_rejected_without_reading()
    {
        using var stream = new MemoryStream(new byte[5000]);
        var loader = new ImageLoader(new ImageLoadOptions { MaxFileBytes = 4999 });

        var error = await Assert.ThrowsAsync<InputLimitExceededException>(async () => await loader.LoadAsync(stream, "seekable"));

        Assert.Equal(5000, error.Actual);
        Assert.Equal(0, stream.Position);
    }

    [Fact]
    public async Task A_large_image_from_a_non_seekable_stream_grows_its_buffer_correctly()
    {
        using Image<Rgb24> image = TestImages.Noise(300, 200, seed: 21);
        byte[] png = TestImages.Encode(image, new PngEncoder { CompressionLevel = PngCompressionLevel.NoCompression });
        Assert.True(png.Length > 128 * 1024);

        RawFrame frame = await _loader.LoadAsync(new NonSeekableStream(png), "large");

        Assert.Equal(TestImages.RgbBytes(image), frame.Pixels.ToArray());
    }

    [Fact]
    public async Task A_cancelled_token_stops_every_async_load()
    {
        byte[] png = NoisePng();
        using var temp = new TempDirectory();
        string path = temp.Write("image.png", png);
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await _loader.LoadAsync(path, cancellation.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await _loader.LoadAsync(new MemoryStream(png), "s", cancellation.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await new ImageEncoder().EncodeAsync(ImageObservation.FromFile(path), cancellation.Token));
    }

    [Fact]
    public async Task Many_concurrent_loads_on_one_loader_all_return_the_same_pixels()
    {
        using Image<Rgb24> image = TestImages.Noise(48, 32, seed: 4);
        byte[] png = TestImages.Encode(image, new PngEncoder());
        byte[] jpeg = TestImages.Encode(image, new JpegEncoder());
        byte[] expected = TestImages.RgbBytes(image);
        byte[] expectedJpeg = _loader.Load(jpeg, "j").Pixels.ToArray();
        using var temp = new TempDirectory();
        string path = temp.Write("shared.png", png);

        Task<bool>[] tasks = Enumerable.Range(0, 64).Select(i => Task.Run(async () => (i % 3) switch
        {
            0 => (await _loader.LoadAsync(path)).Pixels.Span.SequenceEqual(expected),
            1 => (await _loader.LoadAsync(new MemoryStream(png), "s")).Pixels.Span.SequenceEqual(expected),
            _ => _loader.Load(jpeg, "j").Pixels.Span.SequenceEqual(expectedJpeg),
        })).ToArray();

        Assert.All(await Task.WhenAll(tasks), Assert.True);
    }
}
