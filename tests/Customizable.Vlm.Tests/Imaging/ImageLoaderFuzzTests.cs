using System.Buffers.Binary;
using Customizable.Vlm.Imaging;
using Customizable.Vlm.Testing.Fuzzing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit.Abstractions;

namespace Customizable.Vlm.Tests.Imaging;

/// <summary>
/// Seeded mutations of small valid images of every supported format (bit flips, truncations, duplicated and removed chunks or
/// segments, length fields that lie, random bytes) through <see cref="ImageLoader.Load"/>: each gives a frame or an
/// <see cref="InvalidObservationException"/> (decoding, limit, too small), within a time and an allocation bound.
/// </summary>
public class ImageLoaderFuzzTests(ITestOutputHelper output)
{
    /// <summary>Far above the slowest mutated 12x10 image (milliseconds; about 1 s seen under a GC pause on a busy machine), far below a hang.</summary>
    private static readonly TimeSpan PerInput = TimeSpan.FromSeconds(5);

    /// <summary>The whole run of one format; 10,000 inputs take a few seconds.</summary>
    /// <summary>One input running this long hangs (the bound per input is far lower; this only stops a run that would never end).</summary>
    private static readonly TimeSpan HangAfter = TimeSpan.FromSeconds(60);

    /// <summary>A lie in a header can declare up to <see cref="Options"/>' 1,000,000 pixels: the decoder may allocate for them
    /// (3 bytes each, a few buffers) before it finds the data short; 64 MiB bounds that with headroom and catches a bomb.</summary>
    private const long MaxBytesPerInput = 64L * 1024 * 1024;

    /// <summary>Small images are the seeds, so the minimum side is lifted; the pixel bound keeps a lying header cheap.</summary>
    private static readonly ImageLoadOptions Options = new() { MinWidth = 1, MinHeight = 1, MaxPixels = 1_000_000, MaxDecodeTime = Timeout.InfiniteTimeSpan };

    public static TheoryData<string> Formats => ["png", "jpeg", "gif", "bmp", "tiff", "webp"];

    /// <summary>Found by this fuzzer (seed 104375236042790, input 6303 of the lossless WebP run): ImageSharp 2.1's VP8L decoder
    /// sizes its prefix-code tables by the largest group index in the entropy image (up to 65,536 groups of 2,954 8-byte entries)
    /// before it reads them, as a plain array outside its allocator, so 97 bytes declaring a 9x14 image made it allocate about
    /// 1.5 GB of managed memory before failing. The structural check now walks the entropy image first
    /// (<see cref="WebpLosslessStructure"/>).</summary>
    internal const string LosslessWebpBomb =
        "524946464200000057454250565038"
        + "4C350000002F08400300993244F43FA4B7EECD07157433F475103B3EA42AA13A4D8AE4BD236D3611D1FF8082B66D987068F9A3DD1F0181400A33F9010C856DDB20A5E1254858A48044935"
        + "1C560787BE90100";

    private static List<byte[]> Seeds(string format)
    {
        using Image<Rgb24> noise = TestImages.Noise(12, 10, seed: 7);
        using Image<Rgb24> gradient = TestImages.Gradient(9, 14);
        var seeds = new List<byte[]>
        {
            TestImages.Encode(noise, TestImages.EncoderFor(format)),
            TestImages.Encode(gradient, TestImages.EncoderFor(format)),
        };
        switch (format)
        {
            case "webp":
                // Lossless seeds (above) and lossy ones.
                seeds.Add(TestImages.Encode(noise, new WebpEncoder { FileFormat = WebpFileFormatType.Lossy }));
                seeds.Add(TestImages.Encode(gradient, new WebpEncoder { FileFormat = WebpFileFormatType.Lossy }));
                using (Image<Rgba32> translucent = noise.CloneAs<Rgba32>())
                {
                    // A lossy image with a lossless-compressed alpha channel (ALPH), which the same bitstream walk checks.
                    translucent.ProcessPixelRows(rows =>
                    {
                        for (int y = 0; y < rows.Height; y++)
                        {
                            foreach (ref Rgba32 pixel in rows.GetRowSpan(y))
                            {
                                pixel.A = (byte)(pixel.R ^ (y * 16));
                            }
                        }
                    });
                    seeds.Add(TestImages.Encode(translucent, new WebpEncoder { FileFormat = WebpFileFormatType.Lossy, UseAlphaCompression = true }));
                }

                break;
            case "png":
                seeds.Add(PngChunks.Join(PngChunks.Rechunk(TestImages.Encode(noise, new PngEncoder { InterlaceMethod = PngInterlaceMode.Adam7, ColorType = PngColorType.Rgb }), 4)));
                seeds.Add(TestImages.Encode(noise, new PngEncoder { ColorType = PngColorType.Palette }));
                break;
            case "jpeg":
                seeds.Add(TestImages.Encode(noise, new JpegEncoder { Quality = 50, ColorType = JpegColorType.YCbCrRatio420 }));
                break;
            case "gif":
                seeds.Add(TestImages.Encode(noise, new GifEncoder { ColorTableMode = GifColorTableMode.Local }));
                break;
            case "tiff":
                seeds.Add(TestImages.Encode(noise, new TiffEncoder { Compression = SixLabors.ImageSharp.Formats.Tiff.Constants.TiffCompression.Deflate }));
                break;
        }

        return seeds;
    }

    /// <summary>Chunks (PNG, WebP/RIFF) or segments (JPEG) of a seed, for structure-aware duplication and length lies.</summary>
    internal static IReadOnlyList<(int Start, int Length)> Segments(byte[] data)
    {
        var list = new List<(int Start, int Length)>();
        if (data.Length > 8 && data[0] == 0x89 && data[1] == (byte)'P')
        {
            for (int at = 8; at + 12 <= data.Length;)
            {
                int length = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(at)), (uint)(data.Length - at - 12));
                list.Add((at, length + 12));
                at += length + 12;
            }
        }
        else if (data.Length > 4 && data[0] == 0xFF && data[1] == 0xD8)
        {
            for (int at = 2; at + 4 <= data.Length && data[at] == 0xFF && data[at + 1] != 0xDA;)
            {
                int length = Math.Min(BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(at + 2)), data.Length - at - 2);
                list.Add((at, length + 2));
                at += length + 2;
            }
        }
        else if (data.Length > 12 && data[0] == (byte)'R' && data[8] == (byte)'W')
        {
            for (int at = 12; at + 8 <= data.Length;)
            {
                int length = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(at + 4)), (uint)(data.Length - at - 8));
                list.Add((at, length + 8 + (length & 1)));
                at += length + 8 + (length & 1);
            }
        }

        return list;
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Mutated_images_give_a_frame_or_an_invalid_observation_in_bounded_time_and_memory(string format)
    {
        List<byte[]> seeds = Seeds(format);
        var loader = new ImageLoader(Options);
        foreach (byte[] seed in seeds)
        {
            Assert.True(loader.Load(seed, "seed").Width > 0);
        }

        FuzzSummary summary = await Fuzz.RunWithDeadlineAsync(
            $"ImageLoader.Load({format})",
            Fuzz.Mutations(seeds, Segments),
            data =>
            {
                RawFrame frame = loader.Load(data, "fuzz");
                Assert.True(frame.Width >= 1 && frame.Height >= 1 && (long)frame.Width * frame.Height <= Options.MaxPixels);
            },
            ex => ex is InvalidObservationException,
            PerInput,
            MaxBytesPerInput,
            HangAfter,
            output.WriteLine);

        Assert.True(summary.Refused > 0, "no mutation was refused: the mutations do not reach the checks");
        Assert.True(summary.Results > 0, "every mutation was refused: the mutations do not reach the decoder");
    }

    [Fact]
    public void A_lossless_WebP_of_97_bytes_allocates_at_most_64_MiB()
    {
        byte[] data = Convert.FromHexString(LosslessWebpBomb);
        var loader = new ImageLoader(Options);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var error = Assert.ThrowsAny<InvalidObservationException>(() => loader.Load(data, "bomb.webp"));

        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, MaxBytesPerInput);
        Assert.True(watch.Elapsed < PerInput, $"took {watch.Elapsed}");
        Assert.Equal("bomb.webp", error.SourceName);
    }

    /// <summary>Found by this fuzzer (seed 104375236042790, input 266 of the PNG run): an Adam7-interlaced 12x10 PNG with one of its
    /// four IDAT chunks removed (every CRC valid, IEND present) made ImageSharp's decoder spin forever; the image data inflates to
    /// fewer bytes than the header's passes need.</summary>
    private const string InterlacedPngMissingIdat =
        "89504E470D0A1A0A0000000D494844520000000C0000000A08020000017849183B000000097048597300000EC400000EC401952B0E1B000000624944"
        + "4154789C017C0183FE0462DFA900284A046C454A930DAD04711CE104C7004104E4C857D5013A3A5EED040AF4D7D312E8E8465D04FF18872E753E5343"
        + "150475BC8E618B30B94B6E04CBEF25167E2A9D7848E0C0E5D15A7F5B0497044841173EFEB3DD9DAAF7E11DF200000062494441542811A700C3EC97B0"
        + "7B040D5DADCD15418C5C672A5E25764E3D239C590409146E88BF3AD01FEFCE09626CA9941FFEB50428BCC369B5A6DA84F94A4002B5EC44037BE40484"
        + "AF42A52623CE2DA4BF46F3051160A2638004C1856B1436D3DBF3A9667DAFEED326CE00000062494441546338454F07D804D4268A1ABB1F312FF0D6A7"
        + "F8DF6EA80B90B0B91CC996D9A48B5A236611ADB232E0FF4BA104F05CD6C26CB3E846952EEA5D6C7A8732BD049324071D501B676BD0C06807E315CB0F"
        + "823D04D16A0946539D0B07B2A284DFD7F8D092A8B6246FEF0000000049454E44AE426082";

    [Fact]
    public async Task An_interlaced_PNG_missing_an_image_data_chunk_is_refused_at_once_not_decoded_forever()
    {
        byte[] data = Convert.FromHexString(InterlacedPngMissingIdat);
        var loader = new ImageLoader(Options);

        Task<RawFrame> load = Task.Factory.StartNew(() => loader.Load(data, "missing-idat.png"), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        var error = await Assert.ThrowsAsync<ImageDecodingException>(() => load.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("inflates to", error.Message, StringComparison.Ordinal);
    }
}
