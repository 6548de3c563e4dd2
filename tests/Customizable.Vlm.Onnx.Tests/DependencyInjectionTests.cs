using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

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
    public void Invalid_inspector_options_fail_when_the_inspector_is_first_resolved()
    {
        var services = new ServiceCollection();
        services.AddCustomizableVlm(o => o.MaxDegreeOfParallelism = 0);
        services.AddSingleton<IAnomalyReasoner>(_fixture.Reasoner);
        using ServiceProvider provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(provider.GetRequiredService<AnomalyInspector>);
        Assert.Contains("AnomalyInspectorOptions:MaxDegreeOfParallelism", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Cvlm:Embedded:Backbone:InputHeight", "0", "[32, 2048]")]
    [InlineData("Cvlm:Embedded:ThresholdMargin", "1e308", "-20 to 20")]
    public async Task Invalid_reasoner_options_fail_at_host_start_naming_the_key(string key, string value, string says)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection([new(key, value)]);
        builder.Services.AddCustomizableVlm().AddEmbeddedReasoner(builder.Configuration.GetSection("Cvlm:Embedded"));
        using IHost host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.Contains(says, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_options_set_in_code_fail_at_host_start_naming_the_options_type_and_key()
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddCustomizableVlm().AddKeyedEmbeddedReasoner("tire", o => o.LocalAveragingKernel = 4);
        using IHost host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("FeatureReasonerOptions[tire]:LocalAveragingKernel", error.Message, StringComparison.Ordinal);
        Assert.Contains("odd", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Configuration_and_Configure_calls_before_and_after_the_registration_all_reach_the_reasoner()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(
        [
            new("Cvlm:Embedded:ThresholdMargin", "0.25"),
            new("Cvlm:Embedded:BatchSize", "3"),
            new("Cvlm:Embedded:Backbone:Session:Provider", "Cpu"),
            new("Cvlm:Embedded:Backbone:Session:IntraOpNumThreads", "2"),
        ]).Build();
        var services = new ServiceCollection();
        services.Configure<FeatureReasonerOptions>(o => o.MinRegionFraction = 0.01);
        services.AddCustomizableVlm().AddEmbeddedReasoner(configuration.GetSection("Cvlm:Embedded"));
        services.Configure<FeatureReasonerOptions>(o => o.SearchParallelism = 2);
        using ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        FeatureReasonerOptions used = provider.GetRequiredService<AnomalyInspector>().Reasoner.GetService<FeatureReasonerOptions>()!;

        Assert.Equal(0.25, used.ThresholdMargin);
        Assert.Equal(3, used.BatchSize);
        Assert.Equal(0.01, used.MinRegionFraction);
        Assert.Equal(2, used.SearchParallelism);
        Assert.Equal(OnnxExecutionProvider.Cpu, used.Backbone.Session.Provider);
        Assert.Same(provider.GetRequiredService<FeatureReasoner>(), provider.GetRequiredService<IAnomalyReasoner>());
    }

    [Fact]
    public void Keyed_embedded_reasoners_read_the_options_named_after_their_key()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Cvlm:Reasoners:weld:ThresholdMargin", "-0.5")]).Build();
        var services = new ServiceCollection();
        services.AddCustomizableVlm()
            .AddKeyedEmbeddedReasoner("tire", o => o.ThresholdMargin = 0.5)
            .AddKeyedEmbeddedReasoner("weld", configuration.GetSection("Cvlm:Reasoners:weld"));
        services.Configure<FeatureReasonerOptions>("tire", o => o.Backbone.Session = ResNet18Fixture.CpuOptions());
        using ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        IOptionsMonitor<FeatureReasonerOptions> options = provider.GetRequiredService<IOptionsMonitor<FeatureReasonerOptions>>();
        Assert.Equal(0.5, options.Get("tire").ThresholdMargin);
        Assert.Equal(-0.5, options.Get("weld").ThresholdMargin);
        Assert.Equal(0, options.CurrentValue.ThresholdMargin);
        AnomalyInspector tire = provider.GetRequiredKeyedService<AnomalyInspector>("tire");
        Assert.Same(provider.GetRequiredKeyedService<FeatureReasoner>("tire"), tire.Reasoner);
        Assert.Equal(0.5, tire.Reasoner.GetService<FeatureReasonerOptions>()!.ThresholdMargin);
        Assert.Null(provider.GetService<IAnomalyReasoner>());
    }

    [Fact]
    public void A_second_embedded_reasoner_for_the_same_key_is_refused()
    {
        CustomizableVlmBuilder builder = new ServiceCollection().AddCustomizableVlm().AddEmbeddedReasoner().AddKeyedEmbeddedReasoner("tire");

        Assert.Throws<InvalidOperationException>(() => builder.AddEmbeddedReasoner());
        Assert.Throws<InvalidOperationException>(() => builder.AddKeyedEmbeddedReasoner("tire"));
        Assert.Equal(2, builder.Services.Count(d => d.ServiceType == typeof(IAnomalyReasoner)));
    }

    private sealed class CapturingProvider(CapturingLogger logger) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => logger;

        public void Dispose()
        {
        }
    }
}
