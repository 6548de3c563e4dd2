namespace Customizable.Vlm.OnnxGenAI.Tests;

public class ModelFolderTests
{
    [Fact]
    public void A_missing_folder_is_a_typed_load_error_that_names_the_folder()
    {
        string missing = Path.Combine(Path.GetTempPath(), "cvlm-no-such-model-" + Guid.NewGuid().ToString("N"));

        var ex = Assert.Throws<GenAIModelLoadException>(() => new GenAIAnomalyReasoner(missing));

        Assert.Equal(missing, ex.ModelPath);
        Assert.Contains("does not exist", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_without_genai_config_is_rejected_as_not_a_genai_model()
    {
        using var folder = new TempFolder();
        folder.Write("model.onnx", "not really");

        var ex = Assert.Throws<GenAIModelLoadException>(() => new GenAIAnomalyReasoner(folder.Path));

        Assert.Contains("genai_config.json", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ \"model\": { \"type\": \"phi3v\", ")]
    [InlineData("\u0000\u0001binary")]
    [InlineData("")]
    public void A_corrupt_genai_config_is_a_typed_load_error(string content)
    {
        using var folder = new TempFolder();
        folder.Write("genai_config.json", content);

        var ex = Assert.Throws<GenAIModelLoadException>(() => new GenAIAnomalyReasoner(folder.Path));

        Assert.Contains("not valid JSON", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1, 2, 3]", "no \"model\" object")]
    [InlineData("{ \"search\": {} }", "no \"model\" object")]
    [InlineData("{ \"model\": { \"decoder\": {} } }", "\"model.type\" is missing")]
    [InlineData("{ \"model\": { \"type\": 42 } }", "\"model.type\" is missing")]
    public void A_configuration_without_a_model_type_is_a_typed_load_error(string content, string reason)
    {
        using var folder = new TempFolder();
        folder.Write("genai_config.json", content);

        var ex = Assert.Throws<GenAIModelLoadException>(() => new GenAIAnomalyReasoner(folder.Path));

        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_configuration_that_names_a_missing_model_file_is_reported_as_incomplete_before_the_native_load()
    {
        using var folder = new TempFolder();
        folder.Write("genai_config.json", "{ \"model\": { \"type\": \"phi3v\", \"decoder\": { \"filename\": \"text.onnx\" }, \"vision\": { \"filename\": \"vision.onnx\" } } }");
        folder.Write("text.onnx", "x");

        var ex = Assert.Throws<GenAIModelLoadException>(() => new GenAIAnomalyReasoner(folder.Path));

        Assert.Contains("'vision.onnx', which does not exist", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Model_files_that_are_not_onnx_fail_in_the_native_load_as_a_typed_error()
    {
        using var folder = new TempFolder();
        folder.Write("genai_config.json", "{ \"model\": { \"type\": \"phi3v\", \"context_length\": 128, \"vocab_size\": 10, \"decoder\": { \"filename\": \"text.onnx\", \"num_attention_heads\": 1, \"num_hidden_layers\": 1, \"num_key_value_heads\": 1, \"head_size\": 4, \"hidden_size\": 4 } } }");
        folder.Write("text.onnx", "this is not an ONNX protobuf");

        var ex = Assert.Throws<GenAIModelLoadException>(() => new GenAIAnomalyReasoner(folder.Path));

        Assert.Contains("could not load the model", ex.Message, StringComparison.Ordinal);
        Assert.NotNull(ex.InnerException);
    }

    [Fact]
    public void A_family_without_a_renderer_is_rejected_with_the_known_families_and_the_way_out()
    {
        using var folder = new TempFolder();
        folder.Write("genai_config.json", "{ \"model\": { \"type\": \"llava\" } }");

        var ex = Assert.Throws<GenAIModelLoadException>(() => new GenAIAnomalyReasoner(folder.Path));

        Assert.Contains("'llava'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("phi3v, phi4mm, qwen2_5_vl", ex.Message, StringComparison.Ordinal);
        Assert.Contains("PromptRenderer", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(GenAIReasonerOptions.MaxNewTokens))]
    [InlineData(nameof(GenAIReasonerOptions.MaxPromptTokens))]
    [InlineData(nameof(GenAIReasonerOptions.MaxConcurrentGenerations))]
    public void Options_out_of_range_fail_before_anything_is_loaded(string property)
    {
        var options = new GenAIReasonerOptions();
        typeof(GenAIReasonerOptions).GetProperty(property)!.SetValue(options, 0);

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new GenAIAnomalyReasoner("any-folder", options));

        Assert.Equal(property, ex.ParamName);
    }
}
