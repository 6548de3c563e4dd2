using Customizable.Vlm.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Customizable.Vlm.Evaluation.Reporting;

/// <summary>Small PNG images for the report: the test image with its anomaly map blended over it and the ground truth outlined.</summary>
internal static class Thumbnails
{
    private static readonly PngEncoder Encoder = new() { CompressionLevel = PngCompressionLevel.BestCompression };

    /// <summary>Returns the PNG bytes of the item's thumbnail, its longer side at most <paramref name="maxSide"/> pixels.</summary>
    public static async Task<byte[]> RenderAsync(ItemPrediction prediction, int maxSide, CancellationToken cancellationToken)
    {
        RawFrame frame = await ImageLoader.Shared.LoadAsync(prediction.Item.ImagePath, cancellationToken).ConfigureAwait(false);
        PixelEvidence? evidence = prediction.Evidence;
        (int w, int h) = evidence is null
            ? PixelGrid.Size(frame.Width, frame.Height, maxSide)
            : PixelGrid.Size(evidence.Width, evidence.Height, maxSide);

        byte[] rgb = new byte[w * h * 3];
        using (Image<Rgb24> image = Image.LoadPixelData<Rgb24>(frame.Pixels.Span, frame.Width, frame.Height))
        {
            image.Mutate(x => x.Resize(w, h));
            image.CopyPixelDataTo(rgb);
        }

        RawFrame thumb = new(w, h, PixelFormat.Rgb24, rgb);
        if (evidence is not null)
        {
            float[] map = PixelGrid.Average(evidence.Scores, evidence.Width, evidence.Height, w, h);
            thumb = AnomalyMapOverlay.Render(thumb, new AnomalyMap(w, h, map));
            if (evidence.GroundTruth is { } truth)
            {
                byte[] blended = thumb.Pixels.ToArray();
                Outline(blended, PixelGrid.Vote(truth, evidence.Width, evidence.Height, w, h), w, h);
                thumb = new RawFrame(w, h, PixelFormat.Rgb24, blended);
            }
        }

        using Image<Rgb24> output = Image.LoadPixelData<Rgb24>(thumb.Pixels.Span, w, h);
        using var png = new MemoryStream();
        await output.SaveAsPngAsync(png, Encoder, cancellationToken).ConfigureAwait(false);
        return png.ToArray();
    }

    /// <summary>Paints the boundary pixels of the ground truth magenta.</summary>
    private static void Outline(byte[] rgb, bool[] truth, int w, int h)
    {
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                int i = (y * w) + x;
                bool edge = truth[i] && (x == 0 || y == 0 || x == w - 1 || y == h - 1 || !truth[i - 1] || !truth[i + 1] || !truth[i - w] || !truth[i + w]);
                if (edge)
                {
                    rgb[i * 3] = 255;
                    rgb[(i * 3) + 1] = 0;
                    rgb[(i * 3) + 2] = 255;
                }
            }
        }
    }
}
