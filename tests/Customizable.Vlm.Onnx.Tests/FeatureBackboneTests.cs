namespace Customizable.Vlm.Onnx.Tests;

public class FeatureBackboneTests : IClassFixture<ResNet18Fixture>
{
    private readonly ResNet18Fixture _fixture;

    public FeatureBackboneTests(ResNet18Fixture fixture) => _fixture = fixture;

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Layer2_and_layer3_have_resnet18_shapes_for_any_batch_size(int batchSize)
    {
        var maps = _fixture.Backbone.Extract(ResNet18Fixture.RandomImages(batchSize, 1), batchSize);

        Assert.Equal(batchSize, maps.BatchSize);
        Assert.Equal(2, maps.Count);
        AssertShape(maps[ResNet18Layers.Layer2], batchSize, 128, 28, 28);
        AssertShape(maps[ResNet18Layers.Layer3], batchSize, 256, 14, 14);
        Assert.Contains(maps[0].Data.ToArray(), v => v > 0f);
    }

    [Fact]
    public void A_batch_gives_the_same_features_as_images_run_one_by_one()
    {
        const int BatchSize = 3;
        var images = ResNet18Fixture.RandomImages(BatchSize, 2);
        var batch = _fixture.Backbone.Extract(images, BatchSize);

        for (var n = 0; n < BatchSize; n++)
        {
            var single = _fixture.Backbone.Extract(images.AsSpan(n * _fixture.Backbone.InputLength, _fixture.Backbone.InputLength), 1);
            for (var m = 0; m < batch.Count; m++)
            {
                var expected = single[m].GetSample(0).Span;
                var actual = batch[m].GetSample(n).Span;
                for (var i = 0; i < expected.Length; i++)
                {
                    Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4f * Math.Max(1f, Math.Abs(expected[i])), $"{batch[m].Name}[{n}] differs at {i}: {expected[i]} vs {actual[i]}");
                }
            }
        }
    }

    [Fact]
    public void Concurrent_extractions_on_one_backbone_agree_with_a_sequential_one()
    {
        var image = ResNet18Fixture.RandomImages(1, 5);
        var expected = _fixture.Backbone.Extract(image, 1)[ResNet18Layers.Layer3].Data.ToArray();

        var results = new float[4][];
        Parallel.For(0, results.Length, i => results[i] = _fixture.Backbone.Extract(image, 1)[ResNet18Layers.Layer3].Data.ToArray());

        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Fact]
    public void The_backbone_exposes_the_preprocessing_the_model_expects()
    {
        var backbone = _fixture.Backbone;

        Assert.Equal(OnnxExecutionProvider.Cpu, backbone.ActiveProvider);
        Assert.Equal(Customizable.Vlm.Preprocessing.TensorChannelOrder.Bgr, backbone.ChannelOrder);
        Assert.Equal([123.15f, 115.90f, 103.06f], backbone.MeanRgb);
        Assert.Equal([1f, 1f, 1f], backbone.StdRgb);
        Assert.Equal(1f, backbone.Scale);
        Assert.Equal((224, 224), (backbone.InputWidth, backbone.InputHeight));
        Assert.Equal((128, 28, 28), backbone.GetOutputShape(0));
        Assert.Equal((256, 14, 14), backbone.GetOutputShape(1));
    }

    [Fact]
    public void Extracting_into_caller_buffers_gives_the_same_maps_as_extract()
    {
        var images = ResNet18Fixture.RandomImages(2, 6);
        var backbone = _fixture.Backbone;
        var expected = backbone.Extract(images, 2);
        var buffers = new Memory<float>[expected.Count];
        for (var i = 0; i < buffers.Length; i++)
        {
            // Larger than needed, like a pooled array: only the leading part is used.
            buffers[i] = new float[backbone.GetOutputLength(i, 2) + 17].AsMemory(0, backbone.GetOutputLength(i, 2));
        }

        var maps = backbone.ExtractInto(images, 2, buffers, CancellationToken.None);

        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Data.ToArray(), maps[i].Data.ToArray());
            Assert.Equal(expected[i].Data.ToArray(), buffers[i].ToArray());
        }
    }

    [Fact]
    public void An_input_of_the_wrong_length_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => _fixture.Backbone.Extract(new float[100], 1));
    }

    [Fact]
    public void A_cancelled_token_stops_before_running()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.Throws<OperationCanceledException>(() => _fixture.Backbone.Extract(ResNet18Fixture.RandomImages(1, 3), 1, cancellation.Token));
    }

    [Fact]
    public void A_missing_model_file_raises_a_typed_exception_naming_the_path()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "no-such-model.onnx");

        var error = Assert.Throws<OnnxModelNotFoundException>(() => new FeatureBackbone(FeatureBackboneOptions.ResNet18(modelPath: path)));

        Assert.Equal(path, error.ModelPath);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("ModelPath", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_feature_output_is_rejected_with_the_available_names()
    {
        var error = Assert.Throws<OnnxGraphException>(() => new FeatureBackbone(FeatureBackboneOptions.ResNet18(["layer9"], ResNet18Fixture.CpuOptions())));

        Assert.Contains("layer9", error.Message, StringComparison.Ordinal);
        Assert.Contains(ResNet18Layers.Layer3, error.AvailableNames);
        Assert.Contains(ResNet18Layers.Layer3, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_clone_deeply()
    {
        var original = FeatureBackboneOptions.ResNet18(session: ResNet18Fixture.CpuOptions());
        var copy = original.Clone();
        copy.Session.IntraOpNumThreads = 7;
        copy.FeatureOutputs = [ResNet18Layers.Layer1];

        Assert.Equal(2, original.Session.IntraOpNumThreads);
        Assert.Equal([ResNet18Layers.Layer2, ResNet18Layers.Layer3], original.FeatureOutputs);
    }

    private static void AssertShape(FeatureMap map, int n, int c, int h, int w)
    {
        Assert.Equal((n, c, h, w), (map.BatchSize, map.Channels, map.Height, map.Width));
        Assert.Equal(n * c * h * w, map.Data.Length);
    }
}
