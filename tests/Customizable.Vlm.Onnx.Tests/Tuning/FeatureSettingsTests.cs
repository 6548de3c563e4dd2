using Customizable.Vlm.Onnx.Tuning;
using Customizable.Vlm.Preprocessing;

namespace Customizable.Vlm.Onnx.Tests.Tuning;

public sealed class FeatureSettingsTests
{
    [Theory]
    [InlineData("ResNet18.onnx|a+b|224x224|Stretch|k3|l2=True", "ResNet18.onnx|a+b|224x224|k3", TensorResizeMode.Stretch, true)]
    [InlineData("ResNet18.onnx|a+b|224x224|ShorterSideThenCenterCrop|k3|l2=False", "ResNet18.onnx|a+b|224x224|k3", TensorResizeMode.ShorterSideThenCenterCrop, false)]
    [InlineData("m.onnx|x|320x320|Letterbox|k1|l2=True", "m.onnx|x|320x320|k1", TensorResizeMode.Letterbox, true)]
    public void A_stored_signature_splits_into_the_extraction_and_the_per_model_settings(string signature, string expectedBase, TensorResizeMode mode, bool normalize)
    {
        Assert.True(FeatureSettings.TryParse(signature, out string baseSignature, out FeatureSettings settings));
        Assert.Equal(expectedBase, baseSignature);
        Assert.Equal(new FeatureSettings(mode, normalize), settings);
    }

    [Theory]
    [InlineData("m.onnx|x|320x320|Stretch|k3|l2=True|edge=1", 1)]
    [InlineData("m.onnx|x|320x320|Stretch|k3|l2=True|edge=2", 2)]
    [InlineData("m.onnx|x|320x320|Stretch|k3|l2=True", 0)] // written before edge rings existed
    public void The_edge_rings_are_read_from_the_signature_and_are_not_part_of_what_must_match(string signature, int rings)
    {
        Assert.True(FeatureSettings.TryParse(signature, out string baseSignature, out FeatureSettings settings));
        Assert.Equal("m.onnx|x|320x320|k3", baseSignature);
        Assert.Equal(rings, settings.EdgeRings);
    }

    [Theory]
    [InlineData("m.onnx|x|320x320|Stretch|k3|l2=True|norm=layer|edge=1", true, 1)]
    [InlineData("m.onnx|x|320x320|Stretch|k3|l2=True|norm=layer", true, 0)]
    [InlineData("m.onnx|x|320x320|Stretch|k3|l2=True", false, 0)] // written before per-layer normalisation existed: the whole feature
    [InlineData("m.onnx|x|320x320|Stretch|k3|l2=False", false, 0)]
    public void Per_layer_normalisation_is_read_from_the_signature_and_older_profiles_keep_the_whole_feature_norm(string signature, bool perLayer, int rings)
    {
        Assert.True(FeatureSettings.TryParse(signature, out string baseSignature, out FeatureSettings settings));
        Assert.Equal("m.onnx|x|320x320|k3", baseSignature);
        Assert.Equal(perLayer, settings.PerLayer);
        Assert.Equal(rings, settings.EdgeRings);
    }

    [Theory]
    [InlineData("m.onnx|x|320x320|Stretch|k3|l2=True|norm=layer|edge=1|mirror=h", true, 1)]
    [InlineData("m.onnx|x|320x320|Stretch|k3|l2=True|mirror=h|norm=layer", true, 0)]
    [InlineData("m.onnx|x|320x320|Stretch|k3|l2=True|norm=layer|edge=1", false, 1)] // written before the mirrored query existed
    public void The_mirrored_query_is_read_from_the_signature_and_is_not_part_of_what_must_match(string signature, bool mirror, int rings)
    {
        Assert.True(FeatureSettings.TryParse(signature, out string baseSignature, out FeatureSettings settings));
        Assert.Equal("m.onnx|x|320x320|k3", baseSignature);
        Assert.Equal(mirror, settings.MirrorQuery);
        Assert.Equal(rings, settings.EdgeRings);
        Assert.True(settings.PerLayer);
    }

    [Fact]
    public void An_unknown_mirror_setting_stays_in_the_part_that_must_match_so_the_model_is_refused_rather_than_misread() =>
        Assert.True(FeatureSettings.TryParse("m.onnx|x|320x320|Stretch|k3|l2=True|mirror=v", out string baseSignature, out FeatureSettings settings)
            && baseSignature == "m.onnx|x|320x320|k3|mirror=v" && !settings.MirrorQuery);

    [Theory]
    [InlineData("m.onnx|x|320x320|Stretch|k3|l2=False|norm=layer")] // per layer needs normalisation
    [InlineData("ResNet18.onnx|a+b|224x224|k3")]
    [InlineData("ResNet18.onnx|a+b|224x224|1|k3|l2=True")]
    [InlineData("ResNet18.onnx|a+b|224x224|Stretch|k3|l2=maybe")]
    public void A_signature_without_settings_is_refused(string signature) =>
        Assert.False(FeatureSettings.TryParse(signature, out _, out _));
}
