using System.Buffers.Binary;
using Customizable.Vlm.Imaging;
using Customizable.Vlm.Tests.Video;
using Xunit.Abstractions;

namespace Customizable.Vlm.Tests.Imaging;

/// <summary>
/// Files written by libwebp itself (the reference encoder, through ffmpeg) pass the lossless bitstream walk and load: lossless
/// at every effort level (transforms, colour caches and entropy images as libwebp chooses them) and lossy with a
/// lossless-compressed alpha channel.
/// </summary>
public sealed class WebpFromLibwebpTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cvlm-libwebp-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [LibwebpFact]
    public void Lossless_files_from_libwebp_at_every_effort_and_lossy_files_with_lossless_alpha_load()
    {
        var loader = new ImageLoader(new ImageLoadOptions { MinWidth = 1, MinHeight = 1 });
        (string Name, string Source, string Codec, int Width, int Height)[] cases =
        [
            ("testsrc-z0", "testsrc2=size=320x240", "-lossless 1 -compression_level 0", 320, 240),
            ("testsrc-z3", "testsrc2=size=320x240", "-lossless 1 -compression_level 3", 320, 240),
            ("testsrc-z6", "testsrc2=size=320x240", "-lossless 1 -compression_level 6", 320, 240),
            ("mandelbrot-z6", "mandelbrot=size=1024x768", "-lossless 1 -compression_level 6", 1024, 768),
            ("small-z4", "testsrc2=size=34x18", "-lossless 1 -compression_level 4", 34, 18),
            ("lossy-alpha", "testsrc2=size=96x64,format=rgba,geq=r='r(X,Y)':g='g(X,Y)':b='b(X,Y)':a='X*2'", "-lossless 0 -pix_fmt yuva420p", 96, 64),
        ];
        foreach ((string name, string source, string codec, int width, int height) in cases)
        {
            string path = Path.Combine(_folder, name + ".webp");
            VideoTestData.RunFfmpeg($"-v error -y -f lavfi -i \"{source}\" -frames:v 1 -c:v libwebp {codec} -f webp \"{path}\"");
            byte[] data = File.ReadAllBytes(path);

            int groups = Walk(data, width, height);
            RawFrame frame = loader.Load(data, path);

            output.WriteLine($"{name}: {data.Length:N0} bytes, {groups} prefix-code group(s)");
            Assert.True(groups >= 1, $"{name}: no lossless bitstream was walked");
            Assert.Equal((width, height), (frame.Width, frame.Height));
        }
    }

    [LibwebpFact(NeedsTirePhotos = true)]
    public void Real_photos_encoded_lossless_by_libwebp_load_exactly_as_their_png()
    {
        var loader = new ImageLoader();
        foreach (string png in Directory.GetFiles(LibwebpFactAttribute.TirePhotos!, "*.png").Order(StringComparer.Ordinal).Take(3))
        {
            foreach (int level in new[] { 0, 6 })
            {
                string webp = Path.Combine(_folder, $"{Path.GetFileNameWithoutExtension(png)}-z{level}.webp");
                VideoTestData.RunFfmpeg($"-v error -y -i \"{png}\" -frames:v 1 -c:v libwebp -lossless 1 -compression_level {level} -f webp \"{webp}\"");
                byte[] data = File.ReadAllBytes(webp);
                RawFrame expected = loader.Load(File.ReadAllBytes(png), png);

                int groups = Walk(data, expected.Width, expected.Height);
                RawFrame frame = loader.Load(data, webp);

                output.WriteLine($"{Path.GetFileName(webp)}: {data.Length:N0} bytes, {groups} prefix-code group(s)");
                Assert.True(groups >= 1);
                Assert.Equal(expected.Pixels.ToArray(), frame.Pixels.ToArray());
            }
        }
    }

    /// <summary>Walks the file's VP8L chunk, or its ALPH chunk's lossless bitstream.</summary>
    private static int Walk(byte[] file, int width, int height)
    {
        for (int at = 12; at + 8 <= file.Length;)
        {
            string fourCc = System.Text.Encoding.ASCII.GetString(file, at, 4);
            int length = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(at + 4));
            if (fourCc == "VP8L")
            {
                return WebpLosslessStructure.CheckImage(file.AsSpan(at + 8, length), "walk", long.MaxValue, long.MaxValue);
            }

            if (fourCc == "ALPH" && (file[at + 8] & 3) == 1)
            {
                return WebpLosslessStructure.CheckAlpha(file.AsSpan(at + 9, length - 1), width, height, "walk", long.MaxValue, long.MaxValue);
            }

            at += 8 + length + (length & 1);
        }

        return 0;
    }
}
