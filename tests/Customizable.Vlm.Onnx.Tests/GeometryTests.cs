using Customizable.Vlm.Preprocessing;

namespace Customizable.Vlm.Onnx.Tests;

/// <summary>Non-square images through letterboxing, with the top-k image score: regions and maps must land on the plant in the
/// image's own coordinates.</summary>
[Collection(SharedReasoner.Name)]
public class GeometryTests
{
    private const int Height = 160;

    [Theory]
    [InlineData(TensorResizeMode.Letterbox, ImageScoreMode.TopKMean)]
    [InlineData(TensorResizeMode.Stretch, ImageScoreMode.TopKMean)]
    [InlineData(TensorResizeMode.ShorterSideThenCenterCrop, ImageScoreMode.Max)]
    public async Task A_defect_in_a_wide_image_is_located_in_the_image_coordinates(TensorResizeMode resize, ImageScoreMode score)
    {
        FeatureReasonerOptions options = ReasonerFixture.DefaultOptions();
        options.ResizeMode = resize;
        options.ImageScore = score;
        using var reasoner = new FeatureReasoner(options);
        var inspector = new AnomalyInspector(reasoner);
        var spec = new InspectionSpec { References = [.. ReasonerFixture.ReferenceSeeds.Select(s => Wide(SyntheticParts.Normal(s)).ToObservation($"n{s}"))] };
        InspectionProfile profile = await inspector.CustomizeAsync(spec);
        SyntheticImage query = Wide(SyntheticParts.WithDefect(102, DefectKind.DarkBlob, 150, 90));
        PixelRect plant = query.Plant!.Value;

        AnomalyVerdict defect = await inspector.InspectAsync(profile, query.ToObservation("blob"));
        AnomalyVerdict normal = await inspector.InspectAsync(profile, Wide(SyntheticParts.Normal(203)).ToObservation("normal"));

        Assert.True(defect.IsAnomalous, defect.ToString());
        Assert.Contains(defect.Regions, r => InspectorEndToEndTests.Covers(r, plant));
        Assert.All(defect.Regions, r =>
        {
            var box = ((ImageRegionLocation)r.SourceLocation!).Box;
            Assert.True(box.X >= 0 && box.Y >= 0 && box.Right <= SyntheticParts.Size && box.Bottom <= Height, $"{box} lies outside the image.");
        });
        AnomalyMap map = Assert.Single(defect.AnomalyMaps);
        Assert.Equal((SyntheticParts.Size, Height), (map.Width, map.Height));
        int peak = Array.IndexOf(map.Values, map.Values.Max());
        Assert.InRange(peak % map.Width, plant.X - 30, plant.Right + 30);
        Assert.InRange(peak / map.Width, plant.Y - 30, plant.Bottom + 30);
        Assert.False(normal.IsAnomalous, "normal: " + normal);
    }

    /// <summary>The top <see cref="Height"/> rows of a part: a 256 x 160 image.</summary>
    private static SyntheticImage Wide(SyntheticImage image) =>
        new(RawFrame.CopyRgb24(SyntheticParts.Size, Height, image.Frame.Pixels.Span[..(SyntheticParts.Size * Height * 3)]), image.Plant);
}
