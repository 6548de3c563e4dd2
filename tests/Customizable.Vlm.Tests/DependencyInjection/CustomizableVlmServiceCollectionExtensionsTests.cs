using Customizable.Vlm.Tests.Reasoning;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Customizable.Vlm.Tests.DependencyInjection;

public class CustomizableVlmServiceCollectionExtensionsTests
{
    private static readonly ServiceProviderOptions Strict = new() { ValidateOnBuild = true, ValidateScopes = true };

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private static FakeReasoner Fake() => new(_ => new AnomalyVerdict { Score = 0.1, IsAnomalous = false });

    [Fact]
    public void Inspector_options_bound_from_configuration_reach_the_inspector()
    {
        var services = new ServiceCollection();
        services.AddCustomizableVlm(Configuration(("Cvlm:Inspector:MaxReferences", "7")).GetSection("Cvlm:Inspector")).AddReasoner(_ => Fake());
        using ServiceProvider provider = services.BuildServiceProvider(Strict);

        Assert.Equal(7, provider.GetRequiredService<IOptions<AnomalyInspectorOptions>>().Value.MaxReferences);
    }

    [Fact]
    public async Task Configure_called_after_AddCustomizableVlm_still_applies()
    {
        var services = new ServiceCollection();
        services.AddCustomizableVlm(o => o.MaxReferences = 5).AddReasoner(_ => Fake());
        services.Configure<AnomalyInspectorOptions>(o => o.MaxReferences = 1);
        using ServiceProvider provider = services.BuildServiceProvider(Strict);
        AnomalyInspector inspector = provider.GetRequiredService<AnomalyInspector>();
        byte[] pixels = new byte[32 * 32 * 3];
        var image = ImageObservation.FromFrame(new RawFrame(32, 32, PixelFormat.Rgb24, pixels), "a");

        var error = await Assert.ThrowsAsync<ArgumentException>(() => inspector.CustomizeAsync(new InspectionSpec { References = [image, image] }));

        Assert.Contains("MaxReferences (1)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_configuration_value_fails_at_host_start_naming_the_key()
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection([new("Cvlm:Inspector:MaxDegreeOfParallelism", "0")]);
        builder.Services.AddCustomizableVlm(builder.Configuration.GetSection("Cvlm:Inspector")).AddReasoner(_ => Fake());
        using IHost host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Cvlm:Inspector:MaxDegreeOfParallelism", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_value_set_in_code_names_the_options_type_when_first_resolved()
    {
        var services = new ServiceCollection();
        services.AddCustomizableVlm(o => o.TemporalSmoothingRadius = -1).AddReasoner(_ => Fake());
        using ServiceProvider provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(provider.GetRequiredService<AnomalyInspector>);

        Assert.Contains("AnomalyInspectorOptions:TemporalSmoothingRadius", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_unkeyed_reasoner_is_refused_with_a_message_that_says_what_to_do()
    {
        CustomizableVlmBuilder builder = new ServiceCollection().AddCustomizableVlm().AddReasoner(_ => Fake());

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddReasoner(_ => Fake()));

        Assert.Contains("already registered", error.Message, StringComparison.Ordinal);
        Assert.Contains("AddKeyed", error.Message, StringComparison.Ordinal);
        Assert.Single(builder.Services, d => d.ServiceType == typeof(IAnomalyReasoner));
    }

    [Fact]
    public void A_reasoner_registered_by_hand_counts_as_the_unkeyed_one()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IAnomalyReasoner>(Fake());

        Assert.Throws<InvalidOperationException>(() => services.AddCustomizableVlm().AddReasoner(_ => Fake()));
    }

    [Fact]
    public void Replacing_explicitly_after_removing_the_first_registration_works()
    {
        FakeReasoner second = Fake();
        CustomizableVlmBuilder builder = new ServiceCollection().AddCustomizableVlm().AddReasoner(_ => Fake());
        builder.Services.RemoveAll<IAnomalyReasoner>();
        builder.AddReasoner(_ => second);
        using ServiceProvider provider = builder.Services.BuildServiceProvider(Strict);

        Assert.Same(second, provider.GetRequiredService<AnomalyInspector>().Reasoner);
    }

    [Fact]
    public void Keyed_reasoners_each_get_their_own_inspector_and_the_same_key_twice_is_refused()
    {
        FakeReasoner tire = Fake();
        FakeReasoner weld = Fake();
        CustomizableVlmBuilder builder = new ServiceCollection().AddCustomizableVlm()
            .AddKeyedReasoner("tire", (_, _) => tire)
            .AddKeyedReasoner("weld", (_, _) => weld);
        using ServiceProvider provider = builder.Services.BuildServiceProvider(Strict);

        Assert.Same(tire, provider.GetRequiredKeyedService<IAnomalyReasoner>("tire"));
        Assert.Same(weld, provider.GetRequiredKeyedService<AnomalyInspector>("weld").Reasoner);
        Assert.Same(provider.GetRequiredKeyedService<AnomalyInspector>("tire"), provider.GetRequiredKeyedService<AnomalyInspector>("tire"));
        Assert.Null(provider.GetService<IAnomalyReasoner>());
        var error = Assert.Throws<InvalidOperationException>(() => builder.AddKeyedReasoner("tire", (_, _) => Fake()));
        Assert.Contains("'tire'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_keyed_inspector_is_injected_with_FromKeyedServices()
    {
        FakeReasoner tire = Fake();
        var services = new ServiceCollection();
        services.AddCustomizableVlm().AddKeyedReasoner("tire", (_, _) => tire);
        services.AddSingleton<TireLine>();
        using ServiceProvider provider = services.BuildServiceProvider(Strict);

        Assert.Same(tire, provider.GetRequiredService<TireLine>().Inspector.Reasoner);
    }

    [Fact]
    public void A_scoped_reasoner_gets_a_scoped_inspector_so_scopes_do_not_share_it()
    {
        var services = new ServiceCollection();
        services.AddCustomizableVlm().AddReasoner(_ => Fake(), ServiceLifetime.Scoped);
        using ServiceProvider provider = services.BuildServiceProvider(Strict);

        AnomalyInspector first;
        FakeReasoner firstReasoner;
        using (IServiceScope scope = provider.CreateScope())
        {
            first = scope.ServiceProvider.GetRequiredService<AnomalyInspector>();
            firstReasoner = (FakeReasoner)first.Reasoner;
            Assert.Same(first, scope.ServiceProvider.GetRequiredService<AnomalyInspector>());
        }

        using IServiceScope other = provider.CreateScope();
        Assert.NotSame(first, other.ServiceProvider.GetRequiredService<AnomalyInspector>());
        Assert.True(firstReasoner.Disposed);
    }

    [Fact]
    public async Task An_inspector_resolved_from_a_container_with_metrics_uses_its_meter_factory()
    {
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddCustomizableVlm().AddReasoner(_ => Fake());
        using ServiceProvider provider = services.BuildServiceProvider(Strict);
        using var collector = new Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<long>(
            provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), "Customizable.Vlm", "cvlm.profile.loads");

        await Assert.ThrowsAsync<InvalidProfileException>(() => provider.GetRequiredService<AnomalyInspector>().LoadProfileAsync("missing-profile.cvlm"));

        Assert.Equal("error", Assert.Single(collector.GetMeasurementSnapshot()).Tags["cvlm.outcome"]);
    }

    private sealed class TireLine([FromKeyedServices("tire")] AnomalyInspector inspector)
    {
        public AnomalyInspector Inspector { get; } = inspector;
    }
}
