namespace Customizable.Vlm.Onnx.Tests;

[Collection(SharedReasoner.Name)]
public class ExecutionProviderTests
{
    private readonly ReasonerFixture _fixture;

    public ExecutionProviderTests(ReasonerFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Asking_for_cuda_with_fallback_on_a_cpu_only_machine_runs_on_the_cpu()
    {
        var logger = new CapturingLogger();
        FeatureReasonerOptions options = ReasonerFixture.DefaultOptions();
        options.Backbone.Session.Provider = OnnxExecutionProvider.Cuda;
        options.Backbone.Session.AllowCpuFallback = true;
        using var reasoner = new FeatureReasoner(options, new TypedLogger<FeatureReasoner>(logger));

        Assert.Equal(OnnxExecutionProvider.Cpu, reasoner.ActiveProvider);
        Assert.Contains(logger.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning);
        Assert.Equal(_fixture.Reasoner.FeatureSignature, reasoner.FeatureSignature);

        // The fallen-back reasoner reads the profile made by a CPU reasoner and agrees with it.
        InspectionProfile profile = await _fixture.GetProfileAsync();
        AnomalyVerdict verdict = await new AnomalyInspector(reasoner).InspectAsync(profile, SyntheticParts.Normal(201).ToObservation("n"));
        Assert.Equal((await _fixture.InspectNormalAsync(201)).Score, verdict.Score, 6);
        Assert.Equal("Cpu", verdict.AdditionalProperties![VerdictPropertyNames.ExecutionProvider]);
    }

    [Fact]
    public void Asking_for_cuda_without_fallback_on_a_cpu_only_machine_throws_a_typed_exception()
    {
        FeatureReasonerOptions options = ReasonerFixture.DefaultOptions();
        options.Backbone.Session.Provider = OnnxExecutionProvider.Cuda;
        options.Backbone.Session.AllowCpuFallback = false;

        var error = Assert.Throws<ExecutionProviderUnavailableException>(() => new FeatureReasoner(options));
        Assert.Equal(OnnxExecutionProvider.Cuda, error.Provider);
    }
}

/// <summary>Adapts a <see cref="CapturingLogger"/> to the typed logger constructors ask for.</summary>
public sealed class TypedLogger<T>(CapturingLogger inner) : Microsoft.Extensions.Logging.ILogger<T>
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => inner.IsEnabled(logLevel);

    public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        inner.Log(logLevel, eventId, state, exception, formatter);
}
