using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using Customizable.Vlm.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;

namespace Customizable.Vlm.Tests.Imaging;

/// <summary>The hostile inputs of the image-safety issue: every one of them hung, was accepted or exhausted memory before.</summary>
public class ImageLoaderHostileInputTests
{
    /// <summary>Far longer than any of these loads needs (milliseconds), far shorter than the hangs they reproduce (minutes).</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly ImageLoader _loader = new();

    private static byte[] InterlacedPng(int width, int height, int idatChunks)
    {
        using Image<Rgb24> image = TestImages.Noise(width, height, seed: 31);
        byte[] png = TestImages.Encode(image, new PngEncoder { InterlaceMethod = PngInterlaceMode.Adam7, ColorType = PngColorType.Rgb });
        return PngChunks.Join(PngChunks.Rechunk(png, idatChunks));
    }

    /// <summary>Runs <paramref name="action"/> on a thread-pool thread and fails, instead of hanging the suite, when it does not end in time.</summary>
    private static async Task<Exception?> BoundedAsync(Func<Task> action)
    {
        Task work = Task.Run(action);
        Task winner = await Task.WhenAny(work, Task.Delay(Patience));
        Assert.True(winner == work, $"The load did not end within {Patience.TotalSeconds} s.");
        try
        {
            await work;
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    /// <summary>Loads through the path, bytes, stream and memory entry points; returns each one's exception.</summary>
    private async Task<Exception?[]> LoadEveryWayAsync(byte[] data, string fileName, ImageLoader? loader = null)
    {
        loader ??= _loader;
        using var temp = new TempDirectory();
        string path = temp.Write(fileName, data);
        return
        [
            await BoundedAsync(async () => await loader.LoadAsync(path)),
            await BoundedAsync(() => Task.FromResult(loader.Load(data, fileName))),
            await BoundedAsync(async () => await loader.LoadAsync(new NonSeekableStream(data), fileName)),
            await BoundedAsync(async () => await loader.LoadAsync(data.AsMemory(), fileName)),
        ];
    }

    [Fact]
    public async Task An_interlaced_png_cut_after_its_first_idat_chunk_is_refused_at_once_by_every_entry_point()
    {
        List<(string Type, byte[] Data)> chunks = PngChunks.Split(InterlacedPng(64, 64, idatChunks: 8));
        int firstIdat = chunks.FindIndex(c => c.Type == "IDAT");
        byte[] cut = PngChunks.Join(chunks.Take(firstIdat + 1));

        foreach (Exception? error in await LoadEveryWayAsync(cut, "cut-interlaced.png"))
        {
            var decoding = Assert.IsType<ImageDecodingException>(error);
            Assert.Contains("truncated", decoding.Message, StringComparison.Ordinal);
            Assert.Contains("cut-interlaced.png", decoding.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("pHYs", true)]
    [InlineData("tEXt", true)]
    [InlineData("pHYs", false)]
    public async Task A_png_whose_idat_chunks_another_chunk_separates_is_refused_at_once_by_every_entry_point(string between, bool interlaced)
    {
        // Found by a fuzzer: an interlaced image with any chunk between two IDAT chunks (the specification requires them to be
        // consecutive) kept ImageSharp 2.1's decoder spinning for minutes, and past MaxDecodeTime its thread kept spinning.
        using Image<Rgb24> image = TestImages.Noise(64, 48, seed: 12);
        byte[] png = TestImages.Encode(image, new PngEncoder
        {
            InterlaceMethod = interlaced ? PngInterlaceMode.Adam7 : PngInterlaceMode.None,
            ColorType = PngColorType.Rgb,
        });
        List<(string Type, byte[] Data)> chunks = PngChunks.Rechunk(png, 2);
        int secondIdat = chunks.FindLastIndex(c => c.Type == "IDAT");
        chunks.Insert(secondIdat, (between, between == "pHYs" ? [0, 0, 0x0B, 0x13, 0, 0, 0x0B, 0x13, 1] : [.. "Comment"u8, 0, .. "x"u8]));
        byte[] separated = PngChunks.Join(chunks);

        foreach (Exception? error in await LoadEveryWayAsync(separated, "separated.png"))
        {
            var decoding = Assert.IsType<ImageDecodingException>(error);
            Assert.Contains("IDAT chunks must be consecutive", decoding.Message, StringComparison.Ordinal);
        }

        // The same chunks with the IDAT chunks together load.
        chunks.RemoveAt(secondIdat);
        chunks.Insert(1, (between, between == "pHYs" ? [0, 0, 0x0B, 0x13, 0, 0, 0x0B, 0x13, 1] : [.. "Comment"u8, 0, .. "x"u8]));
        Assert.Equal(48, _loader.Load(PngChunks.Join(chunks), "together.png").Height);
    }

    [Theory]
    [InlineData("zTXt", new byte[] { 0x61, 0, 0 })]
    [InlineData("iCCP", new byte[] { 0x61, 0, 0 })]
    [InlineData("iTXt", new byte[] { 0x61, 0, 1, 0, 0, 0 })]
    public async Task A_png_with_an_empty_compressed_metadata_chunk_loads_from_every_entry_point(string type, byte[] body)
    {
        // Found by a fuzzer: a compressed chunk whose zlib stream is empty made the metadata check throw ArgumentNullException
        // (an empty span pins to a null pointer). An empty text is no metadata, and the decoder ignores it.
        using Image<Rgb24> image = TestImages.Noise(64, 48, seed: 13);
        byte[] png = PngChunks.WithChunkAfterHeader(TestImages.Encode(image, new PngEncoder()), type, body);

        foreach (Exception? error in await LoadEveryWayAsync(png, "empty-metadata.png"))
        {
            Assert.Null(error);
        }

        Assert.Equal((64, 48), (_loader.Load(png, "empty-metadata.png").Width, _loader.Load(png, "empty-metadata.png").Height));
    }

    [Fact]
    public async Task Every_cut_of_an_interlaced_png_between_10_and_99_percent_is_refused_promptly()
    {
        byte[] png = InterlacedPng(240, 180, idatChunks: 8);
        Stopwatch clock = Stopwatch.StartNew();
        for (int percent = 10; percent <= 99; percent += 3)
        {
            byte[] cut = png[..(png.Length * percent / 100)];
            Exception? error = await BoundedAsync(() => Task.FromResult(_loader.Load(cut, $"cut{percent}.png")));
            Assert.IsType<ImageDecodingException>(error);
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"30 refusals took {clock.Elapsed}.");
    }

    [Theory]
    [InlineData(30)]
    [InlineData(90)]
    public async Task A_png_cut_to_a_fraction_of_its_bytes_is_refused_and_never_filled_in(int percent)
    {
        using Image<Rgb24> image = TestImages.Noise(96, 96, seed: 8);
        byte[] png = TestImages.Encode(image, new PngEncoder());
        byte[] cut = png[..(png.Length * percent / 100)];

        foreach (Exception? error in await LoadEveryWayAsync(cut, "cut.png"))
        {
            var decoding = Assert.IsType<ImageDecodingException>(error);
            Assert.Equal("cut.png", Path.GetFileName(decoding.SourceName));
        }
    }

    [Fact]
    public async Task A_truncated_reference_or_query_is_refused_by_the_image_encoder()
    {
        using Image<Rgb24> image = TestImages.Noise(96, 96, seed: 8);
        byte[] png = TestImages.Encode(image, new PngEncoder());
        using var temp = new TempDirectory();
        string path = temp.Write("reference.png", png[..(png.Length * 9 / 10)]);

        await Assert.ThrowsAsync<ImageDecodingException>(async () => await new ImageEncoder().EncodeAsync(ImageObservation.FromFile(path)));
    }

    public static TheoryData<string> Formats => new() { "png", "jpeg", "gif", "bmp", "tiff", "webp" };

    [Theory]
    [MemberData(nameof(Formats))]
    public void Every_format_cut_short_is_refused_as_truncated_and_the_whole_file_loads(string format)
    {
        using Image<Rgb24> image = TestImages.Noise(64, 64, seed: 5);
        byte[] encoded = TestImages.Encode(image, TestImages.EncoderFor(format));

        RawFrame whole = _loader.Load(encoded, "whole." + format);
        Assert.Equal((64, 64), (whole.Width, whole.Height));
        foreach (int percent in new[] { 30, 60, 90, 99 })
        {
            byte[] cut = encoded[..(encoded.Length * percent / 100)];
            var error = Assert.Throws<ImageDecodingException>(() => _loader.Load(cut, $"cut.{format}"));
            Assert.Contains("truncated or incomplete", error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Every_format_missing_only_its_last_two_bytes_is_refused(string format)
    {
        using Image<Rgb24> image = TestImages.Noise(64, 64, seed: 5);
        byte[] encoded = TestImages.Encode(image, TestImages.EncoderFor(format));
        if (format == "bmp")
        {
            // Without the declared file size, only the pixel-array check can notice the missing byte.
            BinaryPrimitives.WriteUInt32LittleEndian(encoded.AsSpan(2), 0);
        }

        // Two bytes, not one: ImageSharp's TIFF encoder ends the file with a padding byte that nothing needs.
        var error = Assert.Throws<ImageDecodingException>(() => _loader.Load(encoded.AsSpan(0, encoded.Length - 2), $"short.{format}"));

        Assert.Contains("truncated or incomplete", error.Message, StringComparison.Ordinal);
        Assert.Equal(64, _loader.Load(encoded, $"whole.{format}").Width);
    }

    [Fact]
    public void A_tiff_whose_strip_runs_past_the_end_of_the_file_is_refused()
    {
        using Image<Rgb24> image = TestImages.Noise(64, 64, seed: 5);
        byte[] tiff = TestImages.Encode(image, new TiffEncoder());
        Assert.Equal((byte)'I', tiff[0]);
        int ifd = BinaryPrimitives.ReadInt32LittleEndian(tiff.AsSpan(4));
        int entries = BinaryPrimitives.ReadUInt16LittleEndian(tiff.AsSpan(ifd));
        int entry = Enumerable.Range(0, entries).Select(i => ifd + 2 + (12 * i)).Single(at => BinaryPrimitives.ReadUInt16LittleEndian(tiff.AsSpan(at)) == 279);
        int type = BinaryPrimitives.ReadUInt16LittleEndian(tiff.AsSpan(entry + 2));
        long count = BinaryPrimitives.ReadUInt32LittleEndian(tiff.AsSpan(entry + 4));
        int size = type == 3 ? 2 : 4;
        int valueAt = count * size <= 4 ? entry + 8 : BinaryPrimitives.ReadInt32LittleEndian(tiff.AsSpan(entry + 8));
        if (type == 3)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(valueAt), ushort.MaxValue);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(valueAt), (uint)tiff.Length);
        }

        var error = Assert.Throws<ImageDecodingException>(() => _loader.Load(tiff, "lying.tiff"));

        Assert.Contains("strip or tile 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_jpeg_with_padding_after_its_end_marker_still_loads()
    {
        using Image<Rgb24> image = TestImages.Noise(64, 64, seed: 6);
        byte[] jpeg = TestImages.Encode(image, new JpegEncoder());
        byte[] padded = [.. jpeg, .. new byte[300], .. Enumerable.Repeat((byte)0xFF, 20)];

        Assert.Equal(_loader.Load(jpeg, "a").Pixels.ToArray(), _loader.Load(padded, "padded.jpg").Pixels.ToArray());
    }

    [Fact]
    public void A_jpeg_with_stray_bytes_between_its_segments_still_loads()
    {
        using Image<Rgb24> image = TestImages.Noise(64, 64, seed: 6);
        byte[] jpeg = TestImages.Encode(image, new JpegEncoder());
        int app0Length = (jpeg[4] << 8) | jpeg[5];
        Assert.Equal(0xE0, jpeg[3]);
        byte[] stray = [.. jpeg[..(4 + app0Length)], 0x00, 0x00, .. jpeg[(4 + app0Length)..]];

        Assert.Equal(_loader.Load(jpeg, "a").Pixels.ToArray(), _loader.Load(stray, "stray.jpg").Pixels.ToArray());
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 2000)]
    [InlineData(2000, 1)]
    [InlineData(31, 64)]
    [InlineData(64, 31)]
    public void An_image_below_the_minimum_size_is_refused_with_its_size(int width, int height)
    {
        using var image = new Image<Rgb24>(width, height, new Rgb24(90, 90, 90));
        byte[] png = TestImages.Encode(image, new PngEncoder());

        var error = Assert.Throws<ImageTooSmallException>(() => _loader.Load(png, "tiny.png"));

        Assert.Equal((width, height, 32, 32), (error.Width, error.Height, error.MinWidth, error.MinHeight));
        Assert.Equal("tiny.png", error.SourceName);
        Assert.Equal((width, height), (new ImageLoader(new ImageLoadOptions { MinWidth = 1, MinHeight = 1 }).Load(png, "t").Width, height));
    }

    [Fact]
    public void An_image_of_exactly_the_minimum_size_loads()
    {
        using Image<Rgb24> image = TestImages.Noise(32, 32, seed: 1);

        Assert.Equal(32, _loader.Load(TestImages.Encode(image, new PngEncoder()), "min.png").Width);
    }

    [Fact]
    public void A_png_declaring_32768_by_1525_pixels_over_a_tiny_idat_is_refused_before_decoding()
    {
        using Image<Rgb24> image = TestImages.Noise(64, 64, seed: 2);
        List<(string Type, byte[] Data)> chunks = PngChunks.Split(TestImages.Encode(image, new PngEncoder { ColorType = PngColorType.Rgb }));
        byte[] header = chunks[0].Data;
        BinaryPrimitives.WriteInt32BigEndian(header, 32_768);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), 1525);
        byte[] bomb = PngChunks.Join(chunks);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<ImageDecodingException>(() => _loader.Load(bomb, "strip.png"));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("cannot hold", error.Message, StringComparison.Ordinal);
        Assert.True(allocated < 8L * 1024 * 1024, $"{allocated:N0} bytes were allocated.");
    }

    [Fact]
    public void Flat_colour_images_that_compress_extremely_well_still_load()
    {
        using var image = new Image<Rgb24>(2000, 1500, new Rgb24(128, 128, 128));
        byte[] png = TestImages.Encode(image, new PngEncoder { CompressionLevel = PngCompressionLevel.BestCompression });

        RawFrame frame = _loader.Load(png, "flat.png");

        Assert.Equal((2000, 1500), (frame.Width, frame.Height));
        Assert.True(png.Length * 300 < frame.Pixels.Length, $"The flat image compressed only to {png.Length:N0} bytes; the test needs a high ratio.");
    }

    [Theory]
    [InlineData("zTXt")]
    [InlineData("iTXt")]
    [InlineData("iCCP")]
    public void A_png_with_64_MiB_of_compressed_metadata_is_refused_in_milliseconds_with_little_memory(string type)
    {
        byte[] zeros = PngChunks.ZlibZeros(64L * 1024 * 1024);
        byte[] prefix = type == "iTXt" ? [.. "Comment"u8, 0, 1, 0, 0, 0] : [.. "Comment"u8, 0, 0];
        using Image<Rgb24> image = TestImages.Noise(64, 64, seed: 3);
        byte[] bomb = PngChunks.WithChunkAfterHeader(TestImages.Encode(image, new PngEncoder()), type, [.. prefix, .. zeros]);

        long before = GC.GetAllocatedBytesForCurrentThread();
        Stopwatch clock = Stopwatch.StartNew();
        var error = Assert.Throws<InputLimitExceededException>(() => _loader.Load(bomb, "bomb.png"));
        clock.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(nameof(ImageLoadOptions.MaxMetadataBytes), error.LimitName);
        Assert.Equal(1024 * 1024, error.Maximum);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"The refusal took {clock.Elapsed}.");
        Assert.True(allocated < 16L * 1024 * 1024, $"{allocated:N0} bytes were allocated.");
    }

    [Fact]
    public void Small_text_metadata_is_accepted_and_a_zero_budget_refuses_it()
    {
        using Image<Rgb24> image = TestImages.Noise(64, 64, seed: 3);
        byte[] png = PngChunks.WithChunkAfterHeader(TestImages.Encode(image, new PngEncoder()), "tEXt", [.. "Comment"u8, 0, .. Encoding.ASCII.GetBytes(new string('x', 5000))]);

        Assert.Equal(64, _loader.Load(png, "text.png").Width);
        Assert.Throws<InputLimitExceededException>(() => new ImageLoader(new ImageLoadOptions { MaxMetadataBytes = 0 }).Load(png, "text.png"));
    }

    [Fact]
    public void Jpeg_comment_segments_beyond_the_metadata_budget_are_refused()
    {
        using Image<Rgb24> image = TestImages.Noise(64, 64, seed: 4);
        byte[] jpeg = TestImages.Encode(image, new JpegEncoder());
        byte[] comment = [0xFF, 0xFE, 0xFF, 0xFF, .. new byte[65533]];
        byte[] stuffed = [.. jpeg[..2], .. Enumerable.Range(0, 20).SelectMany(_ => comment), .. jpeg[2..]];

        var error = Assert.Throws<InputLimitExceededException>(() => _loader.Load(stuffed, "comments.jpg"));

        Assert.Equal(nameof(ImageLoadOptions.MaxMetadataBytes), error.LimitName);
        Assert.Equal(64, new ImageLoader(new ImageLoadOptions { MaxMetadataBytes = 2L * 1024 * 1024 }).Load(stuffed, "comments.jpg").Width);
    }

    [Fact]
    public async Task Decoding_past_the_time_bound_raises_a_limit_error_from_every_entry_point()
    {
        using Image<Rgb24> image = TestImages.Noise(1500, 1500, seed: 9);
        byte[] png = TestImages.Encode(image, new PngEncoder());
        var loader = new ImageLoader(new ImageLoadOptions { MaxDecodeTime = TimeSpan.FromMilliseconds(1) });

        foreach (Exception? error in await LoadEveryWayAsync(png, "slow.png", loader))
        {
            var limit = Assert.IsType<InputLimitExceededException>(error);
            Assert.Equal(nameof(ImageLoadOptions.MaxDecodeTime), limit.LimitName);
            Assert.Equal(1, limit.Maximum);
        }

        Assert.Equal(1500, new ImageLoader(new ImageLoadOptions { MaxDecodeTime = Timeout.InfiniteTimeSpan }).Load(png, "slow.png").Width);
    }

    [Fact]
    public async Task A_decode_past_its_time_bound_counts_as_runaway_until_the_decoder_returns()
    {
        // GIF: ImageSharp 2.1's decoder does not look at its token while it decodes the LZW data (PNG's, BMP's and JPEG's stop soon
        // after it is cancelled, so their decodes past the bound usually end with the caller's answer), and 1200 x 1200 pixels of
        // noise take it about 40 ms.
        using Image<Rgb24> image = TestImages.Noise(1200, 1200, seed: 19);
        byte[] gif = TestImages.Encode(image, TestImages.EncoderFor("gif"));
        // The count is sampled from a thread of its own: the decoder may have returned by the time the caller's continuation runs. Other tests may add runaway decodes of their own
        // meanwhile, never remove this one. The bound's timer needs a thread-pool thread to fire; on a machine whose pool is
        // saturated by other tests the decode can finish first (then it reports the limit itself and is no runaway), or start only
        // after its token was cancelled (then it stops at once), so tries with bounds of 5 to 20 ms are allowed.
        int seen = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = new Thread(() =>
        {
            while (!sampling.IsCancellationRequested)
            {
                seen = Math.Max(seen, ImageLoader.RunawayDecodes);
                Thread.Yield();
            }
        }) { IsBackground = true };
        sampler.Start();
        bool counted = false;
        for (int attempt = 0; attempt < 15 && !counted; attempt++)
        {
            var loader = new ImageLoader(new ImageLoadOptions { MaxDecodeTime = TimeSpan.FromMilliseconds(5 << (attempt % 3)) });
            try
            {
                // A fast machine may decode within the longer bounds: that try just counts nothing.
                await loader.LoadAsync(gif.AsMemory(), "slow.gif");
            }
            catch (InputLimitExceededException limit) when (limit.LimitName == nameof(ImageLoadOptions.MaxDecodeTime))
            {
            }

            await Task.Delay(100);
            counted = Volatile.Read(ref seen) >= 1;
        }

        sampling.Cancel();
        sampler.Join();
        Assert.True(counted, "no decoder still running after its bound was counted in 15 tries");

        // Every decode in this suite returns (no input here makes the decoder spin), so the count comes back to 0.
        Stopwatch clock = Stopwatch.StartNew();
        while (ImageLoader.RunawayDecodes > 0 && clock.Elapsed < Patience)
        {
            await Task.Delay(20);
        }

        Assert.Equal(0, ImageLoader.RunawayDecodes);
    }

    [Fact]
    public async Task Cancelling_the_token_during_a_decode_returns_promptly_with_an_operation_cancelled_error()
    {
        using Image<Rgb24> image = TestImages.Noise(2000, 2000, seed: 10);
        byte[] png = TestImages.Encode(image, new PngEncoder());
        var loader = new ImageLoader(new ImageLoadOptions { MaxDecodeTime = Timeout.InfiniteTimeSpan });
        await loader.LoadAsync(new MemoryStream(png), "big.png"); // warm: the timed decode below must not include the first-call cost
        Stopwatch full = Stopwatch.StartNew();
        Assert.Equal(2000, (await loader.LoadAsync(new MemoryStream(png), "big.png")).Width);
        full.Stop();
        // Cancel from a dedicated thread (a thread-pool continuation can wake late on a busy CI machine, after the whole decode) half
        // a decode into the load, then a quarter, an eighth, ... until one cancellation lands before the decoder is done.
        Exception? error = null;
        TimeSpan wait = full.Elapsed, tookToReturn = TimeSpan.Zero;
        for (int attempt = 0; attempt < 10 && error is null; attempt++)
        {
            // Not disposed, and the thread is not joined: Cancel runs the awaiting code inline on that thread (which would then join
            // itself), and a late Cancel must not meet a disposed source.
            var cancellation = new CancellationTokenSource();
            wait /= 2;
            long cancelledAt = 0;
            var canceller = new Thread(() =>
            {
                Thread.Sleep(wait);
                Interlocked.Exchange(ref cancelledAt, Stopwatch.GetTimestamp());
                cancellation.Cancel();
            });
            long returnedAt = 0;
            Task<Exception?> load = BoundedAsync(async () =>
            {
                try
                {
                    await loader.LoadAsync(new MemoryStream(png), "big.png", cancellation.Token).ConfigureAwait(false);
                }
                finally
                {
                    // Stamped where the load returns, not after this test's own await resumes: xunit's scheduler, which runs at
                    // most one test per core, can resume it seconds later while other tests hold both cores (1.36 s once in CI).
                    Interlocked.Exchange(ref returnedAt, Stopwatch.GetTimestamp());
                }
            });
            canceller.Start();
            error = await load;

            // Measured from the cancellation on, so that a busy machine's slow start does not count against the loader.
            tookToReturn = Stopwatch.GetElapsedTime(Interlocked.Read(ref cancelledAt), Interlocked.Read(ref returnedAt));
        }

        Assert.True(error is not null, $"Every attempt's decode ended before its cancellation (the last {wait} in; a whole decode takes {full.Elapsed}).");
        Assert.IsAssignableFrom<OperationCanceledException>(error);
        Assert.True(tookToReturn < (full.Elapsed * 0.75) + TimeSpan.FromMilliseconds(50), $"Cancellation took {tookToReturn} to return; a whole decode takes {full.Elapsed}.");
    }

    [Fact]
    public void The_decode_time_bound_rejects_zero_and_negative_values()
    {
        var options = new ImageLoadOptions();

        Assert.Throws<ArgumentOutOfRangeException>(() => options.MaxDecodeTime = TimeSpan.Zero);
        Assert.Throws<ArgumentOutOfRangeException>(() => options.MaxDecodeTime = TimeSpan.FromSeconds(-2));
        options.MaxDecodeTime = Timeout.InfiniteTimeSpan;
        Assert.Equal(Timeout.InfiniteTimeSpan, options.MaxDecodeTime);
    }
}
