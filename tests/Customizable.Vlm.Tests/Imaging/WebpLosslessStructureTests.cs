using System.Buffers.Binary;
using System.Diagnostics;
using Customizable.Vlm.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Customizable.Vlm.Tests.Imaging;

/// <summary>
/// The walk of lossless WebP bitstreams before decoding (<see cref="WebpLosslessStructure"/>): files ImageSharp's own encoder
/// writes still load exactly, and files whose entropy image declares more prefix-code groups than the budget or than the data
/// holds are refused with a typed exception naming the file, before ImageSharp allocates tables for them.
/// </summary>
public class WebpLosslessStructureTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly ImageLoadOptions Small = new() { MinWidth = 1, MinHeight = 1 };

    /// <summary>Every group index 65,535: the decoder would allocate tables for 65,536 groups.</summary>
    private static readonly int[] BombEntropy = Enumerable.Repeat(65_535, 16).ToArray();

    public static TheoryData<int, int, int> Sizes => new()
    {
        { 1, 1, 4 },
        { 7, 5, 4 },
        { 64, 48, 0 },
        { 64, 48, 6 },
        { 300, 200, 4 },
        { 640, 480, 2 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Lossless_WebP_files_from_ImageSharps_encoder_load_every_pixel_exactly(int width, int height, int method)
    {
        using Image<Rgb24> image = Mixed(width, height);
        byte[] encoded = TestImages.Encode(image, new WebpEncoder { FileFormat = WebpFileFormatType.Lossless, Method = (WebpEncodingMethod)method });

        RawFrame frame = new ImageLoader(Small).Load(encoded, $"mixed-{width}x{height}.webp");

        Assert.Equal(TestImages.RgbBytes(image), frame.Pixels.ToArray());
        Assert.True(WalkChunk(encoded, "VP8L") >= 1);
    }

    [Fact]
    public void A_large_lossless_WebP_uses_several_prefix_code_groups_and_the_walk_counts_them()
    {
        using Image<Rgb24> image = Mixed(640, 480);
        byte[] encoded = TestImages.Encode(image, new WebpEncoder { FileFormat = WebpFileFormatType.Lossless, Method = WebpEncodingMethod.Level6 });

        int groups = WalkChunk(encoded, "VP8L");

        // The encoder writes at most 2,600 groups; this image's regions differ, so it writes more than one.
        Assert.InRange(groups, 2, 2600);
        Assert.Equal(TestImages.RgbBytes(image), new ImageLoader(Small).Load(encoded, "mixed.webp").Pixels.ToArray());
    }

    [Fact]
    public void A_lossy_WebP_with_lossless_compressed_alpha_loads_and_its_alpha_bitstream_is_walked()
    {
        using var image = new Image<Rgba32>(48, 40);
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++)
            {
                Span<Rgba32> row = rows.GetRowSpan(y);
                for (int x = 0; x < row.Length; x++)
                {
                    row[x] = new Rgba32((byte)(x * 5), (byte)(y * 6), 90, (byte)(x < 24 ? 255 : (x * 7) + y));
                }
            }
        });
        byte[] encoded = TestImages.Encode(image, new WebpEncoder { FileFormat = WebpFileFormatType.Lossy, UseAlphaCompression = true });
        (int start, int length) = FindChunk(encoded, "ALPH");
        Assert.Equal(1, encoded[start] & 3);

        int groups = WebpLosslessStructure.CheckAlpha(encoded.AsSpan(start + 1, length - 1), 48, 40, "alpha.webp", long.MaxValue, long.MaxValue);

        RawFrame frame = new ImageLoader(Small).Load(encoded, "alpha.webp");

        Assert.True(groups >= 1);
        Assert.Equal((48, 40), (frame.Width, frame.Height));
    }

    [Fact]
    public void A_crafted_file_with_ten_prefix_code_groups_loads_exactly_and_MaxDecoderTableBytes_counts_every_group()
    {
        // 16x4 pixels, 4x4 blocks: the entropy image is 4x1 and uses groups 0 and 9, so ten groups are declared and written.
        byte[] file = Vp8LBitWriter.Riff(("VP8L", Crafted(16, 4, [0, 9, 0, 9], groupsWritten: 10, header: true)));
        long tableBytes = 10 * WebpLosslessStructure.BytesPerGroup(0);

        RawFrame frame = new ImageLoader(new ImageLoadOptions { MinWidth = 1, MinHeight = 1, MaxDecoderTableBytes = tableBytes }).Load(file, "ten.webp");
        var refused = Assert.Throws<InputLimitExceededException>(() =>
            new ImageLoader(new ImageLoadOptions { MinWidth = 1, MinHeight = 1, MaxDecoderTableBytes = tableBytes - 1 }).Load(file, "ten.webp"));

        for (int x = 0; x < 16; x++)
        {
            int group = (x / 4) % 2 == 0 ? 0 : 9;
            Assert.Equal(GroupColor(group), TestImages.PixelAt(frame, x, 3));
        }

        Assert.Equal((nameof(ImageLoadOptions.MaxDecoderTableBytes), tableBytes, tableBytes - 1), (refused.LimitName, refused.Actual, refused.Maximum));
        Assert.Equal("ten.webp", refused.SourceName);
    }

    [Fact]
    public void A_lossless_WebP_declaring_65536_prefix_code_groups_is_refused_by_MaxDecoderTableBytes_before_decoding()
    {
        byte[] file = Vp8LBitWriter.Riff(("VP8L", Crafted(16, 16, BombEntropy, groupsWritten: 0, header: true)));
        long before = GC.GetAllocatedBytesForCurrentThread();

        var error = Assert.Throws<InputLimitExceededException>(() => new ImageLoader(Small).Load(file, "groups.webp"));

        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 1024 * 1024);
        Assert.Equal(nameof(ImageLoadOptions.MaxDecoderTableBytes), error.LimitName);
        Assert.Equal(65_536 * WebpLosslessStructure.BytesPerGroup(0), error.Actual);
        Assert.Equal(Small.MaxDecoderTableBytes, error.Maximum);
        Assert.Contains("groups.webp", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_table_budget_a_file_too_short_for_its_declared_groups_is_refused_as_truncated()
    {
        byte[] file = Vp8LBitWriter.Riff(("VP8L", Crafted(16, 16, BombEntropy, groupsWritten: 3, header: true)));
        var loader = new ImageLoader(new ImageLoadOptions { MinWidth = 1, MinHeight = 1, MaxDecoderTableBytes = long.MaxValue });

        var error = Assert.Throws<ImageDecodingException>(() => loader.Load(file, "short.webp"));

        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        Assert.Contains("65,536 groups", error.Message, StringComparison.Ordinal);
        Assert.Equal("short.webp", error.SourceName);
    }

    [Fact]
    public void A_crafted_file_cut_inside_its_prefix_code_groups_is_refused_as_truncated()
    {
        // 200 groups declared (index 199), 150 written: more than the 20-bit minimum allows for, fewer than declared.
        byte[] file = Vp8LBitWriter.Riff(("VP8L", Crafted(16, 4, [0, 199, 0, 199], groupsWritten: 150, header: true)));

        var error = Assert.Throws<ImageDecodingException>(() => new ImageLoader(Small).Load(file, "cut.webp"));

        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        Assert.Equal("cut.webp", error.SourceName);
        Assert.Equal(200, WalkChunk(Vp8LBitWriter.Riff(("VP8L", Crafted(16, 4, [0, 199, 0, 199], groupsWritten: 200, header: true))), "VP8L"));
    }

    [Fact]
    public void An_incomplete_prefix_code_is_refused_as_corrupt()
    {
        // A normal code whose code-length code has lengths 1 and 2 only: three quarters of the code space, not a prefix code.
        var writer = new Vp8LBitWriter().Header(8, 8).Bit(false).Bit(false).Bit(false);
        writer.Bit(false).Write(0, 4).Write(0, 3).Write(0, 3).Write(1, 3).Write(2, 3);
        byte[] file = Vp8LBitWriter.Riff(("VP8L", [.. writer.ToArray(), .. new byte[16]]));

        var error = Assert.Throws<ImageDecodingException>(() => new ImageLoader(Small).Load(file, "incomplete.webp"));

        Assert.Contains("corrupt", error.Message, StringComparison.Ordinal);
        Assert.Equal("incomplete.webp", error.SourceName);
    }

    [Fact]
    public void A_lossy_WebP_whose_lossless_alpha_declares_65536_groups_is_refused_by_MaxDecoderTableBytes()
    {
        using var image = new Image<Rgba32>(16, 16, new Rgba32(200, 100, 50, 128));
        byte[] encoded = TestImages.Encode(image, new WebpEncoder { FileFormat = WebpFileFormatType.Lossy, UseAlphaCompression = true });
        (int vp8X, int vp8XLength) = FindChunk(encoded, "VP8X");
        (int vp8, int vp8Length) = FindChunk(encoded, "VP8 ");
        byte[] alpha = [0x01, .. Crafted(16, 16, BombEntropy, groupsWritten: 0, header: false)];
        byte[] file = Vp8LBitWriter.Riff(
            ("VP8X", encoded.AsSpan(vp8X, vp8XLength).ToArray()),
            ("ALPH", alpha),
            ("VP8 ", encoded.AsSpan(vp8, vp8Length).ToArray()));

        var error = Assert.Throws<InputLimitExceededException>(() => new ImageLoader(Small).Load(file, "alpha-groups.webp"));

        Assert.Equal(nameof(ImageLoadOptions.MaxDecoderTableBytes), error.LimitName);
        Assert.Equal("alpha-groups.webp", error.SourceName);
    }

    [Fact]
    public void The_fuzzers_97_byte_file_is_refused_within_a_second_and_a_megabyte()
    {
        byte[] data = Convert.FromHexString(ImageLoaderFuzzTests.LosslessWebpBomb);
        var loader = new ImageLoader(Small);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();

        var error = Assert.ThrowsAny<InvalidObservationException>(() => loader.Load(data, "bomb.webp"));

        output.WriteLine($"{watch.Elapsed.TotalMilliseconds:F1} ms, {GC.GetAllocatedBytesForCurrentThread() - before:N0} bytes: {error.Message}");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"took {watch.Elapsed}");
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 1024 * 1024);
        Assert.Equal("bomb.webp", error.SourceName);
    }

    [Fact]
    public void MaxDecoderTableBytes_defaults_to_256_MiB_and_refuses_negative_values()
    {
        var options = new ImageLoadOptions();

        Assert.Equal(256L * 1024 * 1024, options.MaxDecoderTableBytes);
        Assert.Throws<ArgumentOutOfRangeException>(() => options.MaxDecoderTableBytes = -1);
        Assert.True(2600 * WebpLosslessStructure.BytesPerGroup(11) <= options.MaxDecoderTableBytes, "the default must hold the most groups libwebp writes");
    }

    /// <summary>Gradient, noise and flat regions, so that the encoder has reason to use several prefix-code groups.</summary>
    private static Image<Rgb24> Mixed(int width, int height)
    {
        Image<Rgb24> image = TestImages.Noise(width, height, seed: width + height);
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++)
            {
                Span<Rgb24> row = rows.GetRowSpan(y);
                for (int x = 0; x < row.Length / 2; x++)
                {
                    row[x] = y < rows.Height / 2 ? new Rgb24((byte)x, (byte)y, (byte)(x ^ y)) : new Rgb24(30, 60, 90);
                }
            }
        });
        return image;
    }

    private static (byte R, byte G, byte B) GroupColor(int group) => ((byte)((group * 91) + 5), (byte)((group * 37) + 11), (byte)((group * 53) + 3));

    /// <summary>
    /// A lossless image stream with no transform and no colour cache whose entropy image (4x4 blocks) holds
    /// <paramref name="entropy"/>, followed by <paramref name="groupsWritten"/> groups of one-symbol codes (one colour each,
    /// opaque), so that every pixel is read from no bits and the stream ends after the groups.
    /// </summary>
    private static byte[] Crafted(int width, int height, int[] entropy, int groupsWritten, bool header)
    {
        Assert.Equal(((width + 3) / 4) * ((height + 3) / 4), entropy.Length);
        var writer = new Vp8LBitWriter();
        if (header)
        {
            writer.Header(width, height);
        }

        writer.Bit(false).Bit(false).Bit(true).Write(0, 3); // no transform, no colour cache, meta prefix codes in 4x4 blocks
        int[] greens = entropy.Select(e => e & 0xFF).Distinct().Order().ToArray();
        int[] reds = entropy.Select(e => e >> 8).Distinct().Order().ToArray();
        writer.Bit(false); // the entropy image has no colour cache
        WriteCode(writer, greens);
        WriteCode(writer, reds);
        writer.OneSymbol(0).OneSymbol(0).OneSymbol(0);
        foreach (int value in entropy)
        {
            if (greens.Length == 2)
            {
                writer.Bit((value & 0xFF) == greens[1]);
            }

            if (reds.Length == 2)
            {
                writer.Bit((value >> 8) == reds[1]);
            }
        }

        for (int group = 0; group < groupsWritten; group++)
        {
            (byte r, byte g, byte b) = GroupColor(group);
            writer.OneSymbol(g).OneSymbol(r).OneSymbol(b).OneSymbol(255).OneSymbol(0);
        }

        return writer.ToArray();
    }

    private static void WriteCode(Vp8LBitWriter writer, int[] symbols)
    {
        if (symbols.Length == 1)
        {
            writer.OneSymbol(symbols[0]);
        }
        else
        {
            writer.TwoSymbols(symbols[0], symbols[1]);
        }
    }

    private static int WalkChunk(byte[] file, string fourCc)
    {
        (int start, int length) = FindChunk(file, fourCc);
        return WebpLosslessStructure.CheckImage(file.AsSpan(start, length), "walk.webp", long.MaxValue, long.MaxValue);
    }

    /// <summary>The payload (start, length) of the first chunk named <paramref name="fourCc"/>.</summary>
    private static (int Start, int Length) FindChunk(byte[] file, string fourCc)
    {
        for (int at = 12; at + 8 <= file.Length;)
        {
            int length = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(at + 4));
            if (System.Text.Encoding.ASCII.GetString(file, at, 4) == fourCc)
            {
                return (at + 8, length);
            }

            at += 8 + length + (length & 1);
        }

        throw new InvalidOperationException($"no {fourCc} chunk");
    }
}
