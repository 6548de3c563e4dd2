using Customizable.Vlm.Tests.Imaging;
using Customizable.Vlm.Tests.Inspection;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Customizable.Vlm.Tests.Profiles;

/// <summary>The helper process of <see cref="KilledSaveTests"/>: builds one large profile (noise views that PNG cannot compress)
/// and saves it over the same path forever, printing <c>saved N</c> after each save. Every save writes the same bytes, so the file
/// is either the one the test expects or (after a kill) untouched.</summary>
internal static class ProfileSaveLoop
{
    public const string Command = "save-profile-loop";

    public static readonly DateTimeOffset CreatedAt = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    /// <summary>The profile the helper saves; deterministic, so the test builds the same one.</summary>
    public static async Task<(AnomalyInspector Inspector, InspectionProfile Profile)> BuildAsync(int views)
    {
        var inspector = new AnomalyInspector(new ModelReasoner());
        var spec = new InspectionSpec { ClassContext = "noise part" };
        for (int i = 0; i < 2; i++)
        {
            using Image<Rgb24> reference = TestImages.Noise(64, 64, seed: 900 + i);
            spec.References.Add(ImageObservation.FromFrame(new RawFrame(64, 64, PixelFormat.Rgb24, TestImages.RgbBytes(reference)), $"ref-{i}.png"));
        }

        InspectionProfile small = await inspector.CustomizeAsync(spec);
        var stored = new List<EncodedView>();
        for (int i = 0; i < views; i++)
        {
            using Image<Rgb24> noise = TestImages.Noise(384, 384, seed: 1000 + i);
            stored.Add(new EncodedView(new RawFrame(384, 384, PixelFormat.Rgb24, TestImages.RgbBytes(noise)), new ImageProvenance(384, 384), $"view-{i}"));
        }

        return (inspector, new InspectionProfile(small.Spec, stored, small.ReferenceModel, CreatedAt));
    }

    public static async Task RunAsync(string path, int views, TextWriter output)
    {
        (AnomalyInspector inspector, InspectionProfile profile) = await BuildAsync(views);
        for (long n = 1; ; n++)
        {
            await inspector.SaveProfileAsync(profile, path);
            await output.WriteLineAsync($"saved {n}");
            await output.FlushAsync();
        }
    }
}
