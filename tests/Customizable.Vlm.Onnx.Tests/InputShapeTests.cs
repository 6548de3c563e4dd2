using Customizable.Vlm.Anomaly;

namespace Customizable.Vlm.Onnx.Tests;

/// <summary>
/// <see cref="FeatureReasonerOptions.MatchReferenceAspect"/>: a square backbone input takes the references' proportions, so elongated
/// parts are not squeezed into a square.
/// </summary>
[Collection(SharedReasoner.Name)]
public sealed class InputShapeTests
{
    [Theory]
    [InlineData(320 * 320, 1.0, 320, 320)]
    [InlineData(320 * 320, 1.12, 320, 320)] // within 15% of square: unchanged
    [InlineData(320 * 320, 0.5, 224, 464)] // 800 x 1600 juice bottles
    [InlineData(320 * 320, 0.75, 272, 384)] // 600 x 800 tyres
    [InlineData(320 * 320, 2.5, 512, 192)] // wide strips
    [InlineData(320 * 320, 0.4, 208, 496)] // 500 x 1250 commutators
    [InlineData(320 * 320, 20.0, 640, 160)] // clamped at 4:1
    [InlineData(224 * 224, 0.5, 160, 320)]
    [InlineData(64 * 64, 0.05, 32, 128)] // clamped, and never below 32 a side
    public void The_input_shape_follows_the_aspect_and_keeps_about_the_same_pixels(int area, double aspect, int width, int height)
    {
        (int w, int h) = FeatureReasoner.InputShapeFor(area, aspect);

        Assert.Equal((width, height), (w, h));
        Assert.Equal(0, w % 16);
        Assert.Equal(0, h % 16);
        if (aspect is > 0.25 and < 4 && Math.Abs(Math.Log(aspect)) > Math.Log(1.15))
        {
            Assert.InRange(w * h, area * 0.85, area * 1.15);
            Assert.InRange((double)w / h, aspect * 0.9, aspect * 1.1);
        }
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(0.0)]
    [InlineData(-2.0)]
    [InlineData(double.PositiveInfinity)]
    public void A_meaningless_aspect_keeps_the_square(double aspect) =>
        Assert.Equal((320, 320), FeatureReasoner.InputShapeFor(320 * 320, aspect));

    [Fact]
    public async Task Elongated_references_give_an_elongated_grid_and_a_defect_on_an_elongated_part_is_found_and_located()
    {
        using var reasoner = new FeatureReasoner(Options(match: true));
        var inspector = new AnomalyInspector(reasoner);
        InspectionProfile profile = await inspector.CustomizeAsync(Spec());
        SyntheticImage query = Strip(SyntheticParts.WithDefect(300, DefectKind.DarkBlob, 128, 180));

        AnomalyVerdict verdict = await inspector.InspectAsync(profile, query.ToObservation("q"));
        AnomalyVerdict normal = await inspector.InspectAsync(profile, Strip(SyntheticParts.Normal(301)).ToObservation("n"));

        var model = (FeatureReferenceModel)profile.ReferenceModel!;
        // 96 x 256 strips (aspect 0.375) at the 224 x 224 budget: 144 x 352, a 18 x 44 grid.
        Assert.Contains("144x352", model.FeatureSignature, StringComparison.Ordinal);
        Assert.Equal((18, 44), (model.GridWidth, model.GridHeight));
        Assert.True(verdict.IsAnomalous, $"score {verdict.Score}");
        Assert.True(verdict.Score > normal.Score, $"defect {verdict.Score} vs normal {normal.Score}");
        PixelRect peak = verdict.Regions.OrderByDescending(r => r.Score ?? 0).First().Box;
        Assert.False(peak.Intersect(query.Plant!.Value).IsEmpty, $"region {peak} misses the plant {query.Plant}");

        // A reasoner whose own input is square inspects the profile at its recorded shape, also after a save and load.
        using var other = new FeatureReasoner(Options(match: false));
        var otherInspector = new AnomalyInspector(other);
        string path = Path.Combine(Path.GetTempPath(), "cvlm-shape-" + Guid.NewGuid().ToString("N") + ".cvlm");
        try
        {
            await inspector.SaveProfileAsync(profile, path);
            AnomalyVerdict again = await otherInspector.InspectAsync(await otherInspector.LoadProfileAsync(path), query.ToObservation("q"));
            Assert.Equal(verdict.Score, again.Score);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Switched_off_or_with_a_non_square_input_the_shape_is_used_as_given()
    {
        using var off = new FeatureReasoner(Options(match: false));
        var offModel = (FeatureReferenceModel)(await new AnomalyInspector(off).CustomizeAsync(Spec())).ReferenceModel!;
        Assert.Contains("224x224", offModel.FeatureSignature, StringComparison.Ordinal);

        FeatureReasonerOptions given = Options(match: true);
        (given.Backbone.InputWidth, given.Backbone.InputHeight) = (256, 192);
        using var pinned = new FeatureReasoner(given);
        var pinnedModel = (FeatureReferenceModel)(await new AnomalyInspector(pinned).CustomizeAsync(Spec())).ReferenceModel!;
        Assert.Contains("256x192", pinnedModel.FeatureSignature, StringComparison.Ordinal);
        Assert.True(new FeatureReasonerOptions().MatchReferenceAspect);
    }

    [Fact]
    public async Task References_of_mixed_proportions_keep_the_square_input()
    {
        using var reasoner = new FeatureReasoner(Options(match: true));
        var spec = new InspectionSpec();
        spec.References.Add(Strip(SyntheticParts.Normal(11)).ToObservation("portrait-1"));
        spec.References.Add(Strip(SyntheticParts.Normal(12)).ToObservation("portrait-2"));
        spec.References.Add(SyntheticParts.Normal(13).ToObservation("square"));
        spec.References.Add(Transpose(Strip(SyntheticParts.Normal(14))).ToObservation("landscape"));

        var model = (FeatureReferenceModel)(await new AnomalyInspector(reasoner).CustomizeAsync(spec)).ReferenceModel!;

        Assert.Contains("224x224", model.FeatureSignature, StringComparison.Ordinal);
    }

    private static FeatureReasonerOptions Options(bool match)
    {
        FeatureReasonerOptions options = ReasonerFixture.DefaultOptions();
        options.MatchReferenceAspect = match;
        return options;
    }

    private static InspectionSpec Spec()
    {
        var spec = new InspectionSpec();
        foreach (int seed in new[] { 11, 12, 13, 14 })
        {
            spec.References.Add(Strip(SyntheticParts.Normal(seed)).ToObservation($"ref-{seed}"));
        }

        return spec;
    }

    /// <summary>The image mirrored about its diagonal (a 96 x 256 strip becomes 256 x 96).</summary>
    private static SyntheticImage Transpose(SyntheticImage image)
    {
        RawFrame f = image.Frame;
        byte[] rgb = new byte[f.Width * f.Height * 3];
        for (int y = 0; y < f.Height; y++)
        {
            ReadOnlySpan<byte> row = f.GetRow(y);
            for (int x = 0; x < f.Width; x++)
            {
                row.Slice(x * 3, 3).CopyTo(rgb.AsSpan(((x * f.Height) + y) * 3, 3));
            }
        }

        return new SyntheticImage(RawFrame.CopyRgb24(f.Height, f.Width, rgb), null);
    }

    /// <summary>The middle 96 columns of a 256 x 256 part: a 96 x 256 strip (the plant moves with the crop).</summary>
    private static SyntheticImage Strip(SyntheticImage image)
    {
        const int x0 = 80, width = 96;
        int height = image.Frame.Height;
        byte[] rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
        {
            image.Frame.GetRow(y).Slice(x0 * 3, width * 3).CopyTo(rgb.AsSpan(y * width * 3, width * 3));
        }

        PixelRect? plant = image.Plant is { } p ? new PixelRect(p.X - x0, p.Y, p.Width, p.Height) : null;
        return new SyntheticImage(RawFrame.CopyRgb24(width, height, rgb), plant);
    }
}
