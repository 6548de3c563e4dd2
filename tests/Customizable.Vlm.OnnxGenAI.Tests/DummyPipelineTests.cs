using Customizable.Vlm.OnnxGenAI.Prompting;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntimeGenAI;

namespace Customizable.Vlm.OnnxGenAI.Tests;

/// <summary>
/// The real GenAI pipeline on the phi3v dummy (random weights, fixed output shapes): loading, providers, prompt rendering, the
/// multimodal processor with several images, and SetInputs, where the dummy's vision model rejects real inputs.
/// </summary>
public class DummyPipelineTests
{
    private static string Dummy => TestModels.Phi3VDummy!;

    [DummyModelFact]
    public void The_dummy_loads_on_the_cpu_with_the_phi3v_renderer_picked_from_its_configuration()
    {
        using var reasoner = new GenAIAnomalyReasoner(Dummy);

        Assert.Equal(GenAIExecutionProvider.Cpu, reasoner.ActiveProvider);
        Assert.Equal("phi3v", reasoner.ModelType);
        Assert.IsType<Phi3VisionPromptRenderer>(reasoner.PromptRenderer);
        Assert.Equal("onnxruntime-genai/phi3v/phi3v-dummy", reasoner.ModelId);
    }

    [DummyModelFact]
    public void A_cuda_request_that_cannot_be_met_falls_back_to_the_cpu_with_a_warning()
    {
        var logger = new CapturingLogger<GenAIAnomalyReasoner>();

        using var reasoner = new GenAIAnomalyReasoner(Dummy, new GenAIReasonerOptions { Provider = GenAIExecutionProvider.Cuda }, logger);

        Assert.Equal(GenAIExecutionProvider.Cpu, reasoner.ActiveProvider);
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("falling back to the CPU", StringComparison.Ordinal));
    }

    [DummyModelFact]
    public void A_cuda_requirement_without_fallback_is_a_typed_error_carrying_the_native_reason()
    {
        var options = new GenAIReasonerOptions { Provider = GenAIExecutionProvider.Cuda, AllowCpuFallback = false };

        var ex = Assert.Throws<GenAIExecutionProviderUnavailableException>(() => new GenAIAnomalyReasoner(Dummy, options));

        Assert.IsType<OnnxRuntimeGenAIException>(ex.InnerException);
        Assert.Contains("Microsoft.ML.OnnxRuntimeGenAI.Cuda", ex.Message, StringComparison.Ordinal);
    }

    [DummyModelFact]
    public void Auto_uses_the_cpu_quietly_when_cuda_is_unavailable()
    {
        var logger = new CapturingLogger<GenAIAnomalyReasoner>();

        using var reasoner = new GenAIAnomalyReasoner(Dummy, new GenAIReasonerOptions { Provider = GenAIExecutionProvider.Auto }, logger);

        Assert.Equal(GenAIExecutionProvider.Cpu, reasoner.ActiveProvider);
        Assert.DoesNotContain(logger.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("using the CPU", StringComparison.Ordinal));
    }

    [DummyModelFact]
    public void A_family_override_replaces_the_configured_model_type()
    {
        using var reasoner = new GenAIAnomalyReasoner(Dummy, new GenAIReasonerOptions { ModelFamily = "phi4mm" });

        Assert.IsType<Phi4MultimodalPromptRenderer>(reasoner.PromptRenderer);
        Assert.Equal("phi3v", reasoner.ModelType);
    }

    [DummyModelFact]
    public async Task Several_images_go_through_the_real_processor_and_the_dummys_setinputs_failure_is_a_typed_exception()
    {
        using var reasoner = new GenAIAnomalyReasoner(Dummy);
        AnomalyPrompt prompt = TestPrompts.Prompt(references: 2);

        var ex = await Assert.ThrowsAsync<GenAIGenerationException>(() => reasoner.ReasonAsync(prompt));

        Assert.Equal(GenAIGenerationStage.SetInputs, ex.Stage);
        Assert.NotNull(ex.InputTokenCount);
        Assert.IsType<OnnxRuntimeGenAIException>(ex.InnerException);
        Assert.Contains("image_features", ex.Message, StringComparison.Ordinal);
        Assert.Contains("3 image(s)", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, ex.GeneratedTokenCount);
    }

    [DummyModelFact]
    public async Task Every_64x64_image_adds_the_same_number_of_input_ids_to_the_processed_prompt()
    {
        using var reasoner = new GenAIAnomalyReasoner(Dummy);
        var counts = new List<int>();
        foreach (int references in new[] { 0, 1, 2 })
        {
            var ex = await Assert.ThrowsAsync<GenAIGenerationException>(() => reasoner.ReasonAsync(TestPrompts.Prompt(references)));
            counts.Add(ex.InputTokenCount!.Value);
        }

        // Each step adds one caption ("Reference n (normal):") and one image; what is left after the caption is the image.
        int firstImage = counts[1] - counts[0] - CaptionTokens(reasoner, 1);
        int secondImage = counts[2] - counts[1] - CaptionTokens(reasoner, 2);
        Assert.True(firstImage > 100, $"one 64x64 image added {firstImage} input ids");
        Assert.Equal(firstImage, secondImage);
    }

    [DummyModelFact]
    public async Task A_renderer_whose_placeholders_do_not_match_the_images_fails_at_processing()
    {
        using var reasoner = new GenAIAnomalyReasoner(Dummy, new GenAIReasonerOptions { PromptRenderer = new OnePlaceholderRenderer() });

        var ex = await Assert.ThrowsAsync<GenAIGenerationException>(() => reasoner.ReasonAsync(TestPrompts.Prompt(references: 1)));

        Assert.Equal(GenAIGenerationStage.Processing, ex.Stage);
        Assert.Null(ex.InputTokenCount);
        Assert.Contains("image tags", ex.Message, StringComparison.Ordinal);
    }

    [DummyModelFact]
    public async Task A_prompt_longer_than_max_prompt_tokens_is_rejected_after_processing_and_before_setinputs()
    {
        using var reasoner = new GenAIAnomalyReasoner(Dummy, new GenAIReasonerOptions { MaxPromptTokens = 500 });

        var ex = await Assert.ThrowsAsync<GenAIGenerationException>(() => reasoner.ReasonAsync(TestPrompts.Prompt(references: 1)));

        Assert.Equal(GenAIGenerationStage.Processing, ex.Stage);
        Assert.True(ex.InputTokenCount > 500);
        Assert.Contains("more than MaxPromptTokens (500)", ex.Message, StringComparison.Ordinal);
    }

    [DummyModelFact]
    public async Task A_text_only_prompt_runs_the_processor_and_fails_on_the_dummys_fixed_embedding_shape()
    {
        using var reasoner = new GenAIAnomalyReasoner(Dummy);
        var spec = new InspectionSpec();
        EncodedView query = TestPrompts.View(1, "query");
        var prompt = new AnomalyPrompt([new TextPromptPart("Is the part anomalous?")], spec, [query]);

        var ex = await Assert.ThrowsAsync<GenAIGenerationException>(() => reasoner.ReasonAsync(prompt));

        Assert.Equal(GenAIGenerationStage.SetInputs, ex.Stage);
        Assert.Contains("inputs_embeds", ex.Message, StringComparison.Ordinal);
        Assert.InRange(ex.InputTokenCount!.Value, 5, 30);
    }

    [DummyModelFact]
    public async Task The_reasoner_stays_usable_after_failures_and_deletes_the_images_it_wrote()
    {
        using var temp = new TempFolder();
        using var reasoner = new GenAIAnomalyReasoner(Dummy, new GenAIReasonerOptions { TempDirectory = temp.Path });

        for (int i = 0; i < 3; i++)
        {
            await Assert.ThrowsAsync<GenAIGenerationException>(() => reasoner.ReasonAsync(TestPrompts.Prompt(references: 1)));
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(temp.Path));
    }

    [DummyModelFact]
    public async Task Concurrent_callers_never_exceed_the_configured_number_of_generations()
    {
        foreach (int limit in new[] { 1, 2 })
        {
            using var reasoner = new GenAIAnomalyReasoner(Dummy, new GenAIReasonerOptions { MaxConcurrentGenerations = limit });

            Task[] calls = [.. Enumerable.Range(0, 6).Select(i => Task.Run(() => Assert.ThrowsAsync<GenAIGenerationException>(() => reasoner.ReasonAsync(TestPrompts.Prompt(references: i % 2)))))];
            await Task.WhenAll(calls);

            Assert.InRange(reasoner.PeakConcurrentGenerations, 1, limit);
        }
    }

    [DummyModelFact]
    public async Task A_cancelled_call_is_cancelled_before_any_work()
    {
        using var temp = new TempFolder();
        using var reasoner = new GenAIAnomalyReasoner(Dummy, new GenAIReasonerOptions { TempDirectory = temp.Path });
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reasoner.ReasonAsync(TestPrompts.Prompt(1), cts.Token));

        Assert.Equal(0, reasoner.PeakConcurrentGenerations);
        Assert.Empty(Directory.EnumerateFileSystemEntries(temp.Path));
    }

    [DummyModelFact]
    public async Task A_disposed_reasoner_refuses_new_calls()
    {
        var reasoner = new GenAIAnomalyReasoner(Dummy);
        reasoner.Dispose();
        reasoner.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => reasoner.ReasonAsync(TestPrompts.Prompt(0)));
    }

    [DummyModelFact]
    public async Task An_asynchronously_disposed_reasoner_refuses_new_calls_and_a_second_disposal_does_nothing()
    {
        var reasoner = new GenAIAnomalyReasoner(Dummy);
        await reasoner.DisposeAsync();
        await reasoner.DisposeAsync();
        reasoner.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => reasoner.ReasonAsync(TestPrompts.Prompt(0)));
        Assert.Equal(AnomalyReasonerInputs.PromptText | AnomalyReasonerInputs.ReferenceImages | AnomalyReasonerInputs.QueryImages, AnomalyReasonerMetadata.InputsOf(reasoner));
    }

    [DummyModelFact]
    public void GetService_hands_out_the_options_renderer_and_model()
    {
        using var reasoner = new GenAIAnomalyReasoner(Dummy, new GenAIReasonerOptions { MaxNewTokens = 7 });

        Assert.Same(reasoner, reasoner.GetService<GenAIAnomalyReasoner>());
        Assert.Equal(7, reasoner.GetService<GenAIReasonerOptions>()!.MaxNewTokens);
        Assert.Same(reasoner.PromptRenderer, reasoner.GetService<IGenAIPromptRenderer>());
        Assert.NotNull(reasoner.GetService<Model>());
        Assert.Null(reasoner.GetService<Model>("key"));
    }

    /// <summary>The tokens one more reference caption adds ("Reference n (normal):" plus line breaks) differ little; measure them.</summary>
    private static int CaptionTokens(GenAIAnomalyReasoner reasoner, int n)
    {
        using var tokenizer = new Tokenizer(reasoner.GetService<Model>()!);
        using Sequences sequences = tokenizer.Encode($"Reference {n} (normal):\n");
        return sequences[0].Length;
    }

    private sealed class OnePlaceholderRenderer : IGenAIPromptRenderer
    {
        public string Family => "broken";

        public GenAIRenderedPrompt Render(AnomalyPrompt prompt) =>
            new("<|user|>\n<|image_1|>\nAnything?<|end|>\n<|assistant|>\n", [.. prompt.Parts.OfType<ImagePromptPart>()]);
    }
}
