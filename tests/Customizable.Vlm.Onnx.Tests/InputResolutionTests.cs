using Customizable.Vlm.Onnx.Graph;
using Microsoft.ML.OnnxRuntime;

namespace Customizable.Vlm.Onnx.Tests;

/// <summary>
/// The shipped ResNet18 was exported at 224 x 224; its spatial dimensions are re-declared so that it runs at any size, and a profile
/// keeps the size it was customized at.
/// </summary>
public sealed class InputResolutionTests : IClassFixture<ResNet18Fixture>
{
    private readonly ResNet18Fixture _fixture;

    public InputResolutionTests(ResNet18Fixture fixture) => _fixture = fixture;

    private static FeatureReasonerOptions OptionsAt(int size) => new()
    {
        Backbone = new FeatureBackboneOptions { InputWidth = size, InputHeight = size, Session = ResNet18Fixture.CpuOptions() },
        SearchParallelism = 2,
    };

    [Theory]
    [InlineData(320, 320, 40, 40)]
    [InlineData(448, 224, 56, 28)]
    [InlineData(160, 96, 20, 12)]
    public void The_backbone_runs_at_any_input_size_and_its_grids_follow(int width, int height, int gridWidth, int gridHeight)
    {
        using var backbone = new FeatureBackbone(new FeatureBackboneOptions { InputWidth = width, InputHeight = height, Session = ResNet18Fixture.CpuOptions() });

        var images = new float[2 * backbone.InputLength];
        for (int i = 0; i < images.Length; i++)
        {
            images[i] = (i * 7919 % 255) - 115f;
        }

        FeatureMaps maps = backbone.Extract(images, 2);

        Assert.Equal((128, gridHeight, gridWidth), backbone.GetOutputShape(0));
        Assert.Equal((256, gridHeight / 2, gridWidth / 2), backbone.GetOutputShape(1));
        Assert.Equal(2L * 128 * gridHeight * gridWidth, maps[ResNet18Layers.Layer2].Data.Length);
        Assert.Contains(maps[ResNet18Layers.Layer3].Data.ToArray(), v => v > 0f);
    }

    [Fact]
    public void Declaring_a_new_input_size_changes_the_session_input_and_the_export_size_is_left_alone()
    {
        var editor = OnnxGraphEditor.Load(_fixture.ModelBytes);
        editor.SetOutputs([ResNet18Layers.Layer2]);
        editor.MakeBatchDimensionSymbolic();

        Assert.False(editor.SetInputSpatialSize(ResNet18Layers.Input, 224, 224));
        Assert.True(editor.SetInputSpatialSize(ResNet18Layers.Input, 320, 288));

        using var handle = new OnnxSessionFactory().Create(editor.ToByteArray(), ResNet18Fixture.CpuOptions());
        Assert.Equal([-1, 3, 320, 288], handle.Session.InputMetadata[ResNet18Layers.Input].Dimensions);
        Assert.Throws<OnnxGraphException>(() => editor.SetInputSpatialSize("missing", 224, 224));
    }

    [Fact]
    public void Pruning_the_stages_after_the_requested_outputs_leaves_their_values_unchanged()
    {
        var full = OnnxGraphEditor.Load(_fixture.ModelBytes);
        full.SetOutputs([ResNet18Layers.Layer2, ResNet18Layers.Layer3]);
        var pruned = OnnxGraphEditor.Load(_fixture.ModelBytes);
        pruned.SetOutputs([ResNet18Layers.Layer2, ResNet18Layers.Layer3]);

        int removed = pruned.PruneUnusedNodes();

        Assert.True(removed > 5, $"removed {removed} nodes");
        Assert.Equal(0, pruned.PruneUnusedNodes());
        Assert.DoesNotContain(ResNet18Layers.Layer4, pruned.NodeOutputNames);
        float[] image = ResNet18Fixture.RandomImages(1, 9);
        using var fullHandle = new OnnxSessionFactory().Create(full.ToByteArray(), ResNet18Fixture.CpuOptions());
        using var prunedHandle = new OnnxSessionFactory().Create(pruned.ToByteArray(), ResNet18Fixture.CpuOptions());
        using var input = OrtValue.CreateTensorValueFromMemory(image, [1, 3, 224, 224]);
        using var runOptions = new RunOptions();
        string[] outputs = [ResNet18Layers.Layer2, ResNet18Layers.Layer3];
        using var expected = fullHandle.Session.Run(runOptions, [ResNet18Layers.Input], [input], outputs);
        using var actual = prunedHandle.Session.Run(runOptions, [ResNet18Layers.Input], [input], outputs);
        for (int i = 0; i < outputs.Length; i++)
        {
            Assert.Equal(expected[i].GetTensorDataAsSpan<float>().ToArray(), actual[i].GetTensorDataAsSpan<float>().ToArray());
        }
    }

    [Fact]
    public void The_default_options_run_the_backbone_above_its_export_size()
    {
        var options = new FeatureReasonerOptions();

        Assert.Equal((320, 320), (options.Backbone.InputWidth, options.Backbone.InputHeight));
        Assert.Equal((320, 320), (FeatureBackboneOptions.ResNet18().InputWidth, FeatureBackboneOptions.ResNet18().InputHeight));
    }

    [Fact]
    public async Task A_profile_keeps_its_input_size_and_a_reasoner_with_another_size_inspects_it_identically()
    {
        using var small = new FeatureReasoner(OptionsAt(224));
        using var large = new FeatureReasoner(OptionsAt(320));
        var smallInspector = new AnomalyInspector(small);
        var largeInspector = new AnomalyInspector(large);
        InspectionProfile profile = await smallInspector.CustomizeAsync(ReasonerFixture.NewSpec());
        var query = ReasonerFixture.Defect(DefectKind.DarkBlob);

        AnomalyVerdict expected = await smallInspector.InspectAsync(profile, query.ToObservation("q"));
        AnomalyVerdict actual = await largeInspector.InspectAsync(profile, query.ToObservation("q"));

        Assert.NotEqual(small.FeatureSignature, large.FeatureSignature);
        Assert.Equal(expected.Score, actual.Score);
        Assert.Equal(expected.IsAnomalous, actual.IsAnomalous);
        Assert.Equal(28, ((FeatureReferenceModel)profile.ReferenceModel!).GridWidth);
        Assert.True(expected.IsAnomalous);

        // Saved and loaded by the other reasoner: still the 224 profile.
        string path = Path.Combine(Path.GetTempPath(), "cvlm-resolution-" + Guid.NewGuid().ToString("N") + ".cvlm");
        try
        {
            await smallInspector.SaveProfileAsync(profile, path);
            InspectionProfile loaded = await largeInspector.LoadProfileAsync(path);
            AnomalyVerdict again = await largeInspector.InspectAsync(loaded, query.ToObservation("q"));
            Assert.Equal(expected.Score, again.Score);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(224, 28)]
    [InlineData(null, 40)]
    public async Task A_single_reference_is_customized_at_the_single_reference_size(int? singleReferenceSize, int grid)
    {
        FeatureReasonerOptions options = OptionsAt(320);
        options.SingleReferenceInputSize = singleReferenceSize;
        using var reasoner = new FeatureReasoner(options);
        var inspector = new AnomalyInspector(reasoner);
        var spec = new InspectionSpec();
        spec.References.Add(SyntheticParts.Normal(1).ToObservation("only"));

        InspectionProfile profile = await inspector.CustomizeAsync(spec);
        AnomalyVerdict verdict = await inspector.InspectAsync(profile, ReasonerFixture.Defect(DefectKind.DarkBlob).ToObservation("q"));

        var model = (FeatureReferenceModel)profile.ReferenceModel!;
        Assert.Equal((grid, grid), (model.GridWidth, model.GridHeight));
        Assert.Contains($"{grid * 8}x{grid * 8}", model.FeatureSignature, StringComparison.Ordinal);
        Assert.True(verdict.IsAnomalous, $"score {verdict.Score}");
        Assert.Equal(224, new FeatureReasonerOptions().SingleReferenceInputSize);
    }

    [Fact]
    public async Task A_profile_customized_at_a_larger_size_has_a_finer_map_and_still_finds_the_defect()
    {
        using var reasoner = new FeatureReasoner(OptionsAt(320));
        var inspector = new AnomalyInspector(reasoner);
        InspectionProfile profile = await inspector.CustomizeAsync(ReasonerFixture.NewSpec());
        var query = ReasonerFixture.Defect(DefectKind.BrightBlob);

        AnomalyVerdict verdict = await inspector.InspectAsync(profile, query.ToObservation("q"));
        AnomalyVerdict normal = await inspector.InspectAsync(profile, SyntheticParts.Normal(201).ToObservation("n"));

        Assert.Equal((40, 40), (((FeatureReferenceModel)profile.ReferenceModel!).GridWidth, ((FeatureReferenceModel)profile.ReferenceModel!).GridHeight));
        Assert.True(verdict.IsAnomalous, $"score {verdict.Score}");
        Assert.True(verdict.Score > normal.Score);
        PixelRect peak = verdict.Regions.OrderByDescending(r => r.Score ?? 0).First().Box;
        PixelRect plant = query.Plant!.Value;
        Assert.False(peak.Intersect(plant).IsEmpty, $"region {peak} misses the plant {plant}");
    }
}
