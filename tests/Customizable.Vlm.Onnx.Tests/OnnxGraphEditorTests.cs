using Customizable.Vlm.Onnx.Graph;
using Microsoft.ML.OnnxRuntime;

namespace Customizable.Vlm.Onnx.Tests;

public class OnnxGraphEditorTests : IClassFixture<ResNet18Fixture>
{
    private readonly ResNet18Fixture _fixture;

    public OnnxGraphEditorTests(ResNet18Fixture fixture) => _fixture = fixture;

    [Fact]
    public void An_unedited_model_round_trips_to_a_model_with_identical_outputs()
    {
        var roundTripped = OnnxGraphEditor.Load(_fixture.ModelBytes).ToByteArray();
        // Known fields are written before unknown ones, so bytes may be reordered; nothing may be lost or added.
        Assert.Equal(_fixture.ModelBytes.Length, roundTripped.Length);

        var input = ResNet18Fixture.RandomImages(1, 4);
        var expected = RunClassifierOutput(_fixture.ModelBytes, input);
        var actual = RunClassifierOutput(roundTripped, input);

        Assert.Equal(512, expected.Length);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void An_unknown_output_name_lists_the_values_the_nodes_produce()
    {
        var editor = OnnxGraphEditor.Load(_fixture.ModelBytes);

        var error = Assert.Throws<OnnxGraphException>(() => editor.SetOutputs(["nope"]));

        Assert.Contains("'nope'", error.Message, StringComparison.Ordinal);
        Assert.Contains(ResNet18Layers.Layer1, error.Message, StringComparison.Ordinal);
        Assert.Equal(editor.NodeOutputNames, error.AvailableNames);
    }

    [Fact]
    public void Requested_outputs_replace_the_classifier_and_get_a_symbolic_batch()
    {
        var editor = OnnxGraphEditor.Load(_fixture.ModelBytes);
        editor.SetOutputs([ResNet18Layers.Layer4, ResNet18Layers.Layer1]);
        editor.MakeBatchDimensionSymbolic();

        using var handle = new OnnxSessionFactory().Create(editor.ToByteArray(), ResNet18Fixture.CpuOptions());

        Assert.Equal([ResNet18Layers.Layer4, ResNet18Layers.Layer1], handle.Session.OutputMetadata.Keys);
        Assert.Equal([-1, 512, 7, 7], handle.Session.OutputMetadata[ResNet18Layers.Layer4].Dimensions);
        Assert.Equal([-1, 3, 224, 224], handle.Session.InputMetadata[ResNet18Layers.Input].Dimensions);
        Assert.Equal("N", handle.Session.InputMetadata[ResNet18Layers.Input].SymbolicDimensions[0]);
    }

    [Fact]
    public void Adding_outputs_keeps_the_original_ones()
    {
        var editor = OnnxGraphEditor.Load(_fixture.ModelBytes);
        var original = editor.OutputNames;

        editor.AddOutputs([ResNet18Layers.Layer2]);

        Assert.Equal([.. original, ResNet18Layers.Layer2], editor.OutputNames);
    }

    private static float[] RunClassifierOutput(byte[] model, float[] input)
    {
        using var handle = new OnnxSessionFactory().Create(model, ResNet18Fixture.CpuOptions());
        using var value = OrtValue.CreateTensorValueFromMemory(input, [1, 3, 224, 224]);
        using var runOptions = new RunOptions();
        using var results = handle.Session.Run(runOptions, [ResNet18Layers.Input], [value], [handle.Session.OutputNames[0]]);
        return results[0].GetTensorDataAsSpan<float>().ToArray();
    }
}
