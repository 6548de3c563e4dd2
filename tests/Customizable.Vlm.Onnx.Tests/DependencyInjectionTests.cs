using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Customizable.Vlm.Onnx.Tests;

[Collection(SharedReasoner.Name)]
public class DependencyInjectionTests
{
    private readonly ReasonerFixture _fixture;

    public DependencyInjectionTests(ReasonerFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task An_inspector_resolved_with_a_registered_reasoner_inspects_like_a_hand_made_one()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddCustomizableVlm(o => o.MaxDegreeOfParallelism = 2);
        services.AddSingleton<IAnomalyReasoner>(_fixture.Reasoner);
        using ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        AnomalyInspector inspector = provider.GetRequiredService<AnomalyInspector>();
        AnomalyVerdict verdict = await inspector.InspectAsync(await _fixture.GetProfileAsync(), SyntheticParts.Normal(201).ToObservation("n"));

        Assert.Same(inspector, provider.GetRequiredService<AnomalyInspector>());
        Assert.Same(_fixture.Reasoner, inspector.Reasoner);
        Assert.Equal((await _fixture.InspectNormalAsync(201)).Score, verdict.Score);
    }

    [Fact]
    public async Task The_embedded_reasoner_registers_as_a_logging_singleton_and_is_disposed_with_the_provider()
    {
        var logs = new CapturingLogger();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(new CapturingProvider(logs)).SetMinimumLevel(LogLevel.Trace));
        services.AddCustomizableVlm().AddEmbeddedReasoner(o =>
        {
            o.Backbone = FeatureBackboneOptions.ResNet18(session: ResNet18Fixture.CpuOptions());
            o.Backbone.Session.Provider = OnnxExecutionProvider.Cuda;
            o.SearchParallelism = 2;
        });

        AnomalyVerdict verdict;
        using (ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }))
        {
            AnomalyInspector inspector = provider.GetRequiredService<AnomalyInspector>();
            var reasoner = Assert.IsType<FeatureReasoner>(inspector.Reasoner);
            Assert.Same(reasoner, provider.GetRequiredService<FeatureReasoner>());
            Assert.Equal(OnnxExecutionProvider.Cpu, reasoner.ActiveProvider);
            verdict = await inspector.InspectAsync(await _fixture.GetProfileAsync(), SyntheticParts.Normal(201).ToObservation("n"));
        }

        Assert.Equal((await _fixture.InspectNormalAsync(201)).Score, verdict.Score, 6);
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("CPU", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Resolving_the_inspector_without_a_reasoner_says_what_to_register()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddCustomizableVlm();
        using ServiceProvider provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(provider.GetRequiredService<AnomalyInspector>);
        Assert.Contains("IAnomalyReasoner", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_inspector_options_fail_when_registering()
    {
        var services = new ServiceCollection();

        Assert.Throws<ArgumentOutOfRangeException>(() => services.AddCustomizableVlm(o => o.MaxDegreeOfParallelism = 0));
    }

    [Fact]
    public void Invalid_reasoner_options_fail_when_registering()
    {
        CustomizableVlmBuilder builder = new ServiceCollection().AddCustomizableVlm();

        Assert.Throws<ArgumentOutOfRangeException>(() => builder.AddEmbeddedReasoner(o => o.LocalAveragingKernel = 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.AddEmbeddedReasoner(o => o.Backbone.InputHeight = 0));
        Assert.DoesNotContain(builder.Services, d => d.ServiceType == typeof(IAnomalyReasoner));
    }

    private sealed class CapturingProvider(CapturingLogger logger) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => logger;

        public void Dispose()
        {
        }
    }
}
