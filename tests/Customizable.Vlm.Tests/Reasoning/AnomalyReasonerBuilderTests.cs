using Customizable.Vlm.Tests.Inspection;

namespace Customizable.Vlm.Tests.Reasoning;

public class AnomalyReasonerBuilderTests
{
    private static RawFrame Gray(byte value)
    {
        byte[] pixels = new byte[64 * 48 * 3];
        Array.Fill(pixels, value);
        return new RawFrame(64, 48, PixelFormat.Rgb24, pixels);
    }

    [Fact]
    public async Task Wrappers_run_in_the_order_they_were_added_and_reach_the_inner_reasoner()
    {
        var trail = new List<string>();
        using var inner = new FakeReasoner(_ =>
        {
            trail.Add("inner");
            return new AnomalyVerdict { Score = 0.7, IsAnomalous = true };
        });

        using IAnomalyReasoner pipeline = inner.AsBuilder()
            .Use(r => new CountingReasoner(r, "outer", trail))
            .Use(r => new CountingReasoner(r, "middle", trail))
            .Build();
        AnomalyVerdict verdict = await pipeline.ReasonAsync(new AnomalyPrompt([], new InspectionSpec(), []));

        Assert.Equal(["outer", "middle", "inner"], trail);
        Assert.Equal(0.7, verdict.Score);
        Assert.Single(inner.Prompts);
    }

    [Fact]
    public void Capabilities_of_the_inner_reasoner_are_found_through_every_wrapper()
    {
        var inner = new ModelReasoner();
        var trail = new List<string>();
        using IAnomalyReasoner pipeline = new AnomalyReasonerBuilder(inner)
            .Use(r => new CountingReasoner(r, "a", trail))
            .Use(r => new CountingReasoner(r, "b", trail))
            .Build();

        Assert.Same(inner, pipeline.GetService<IReferenceModelBuilder>());
        Assert.Same(inner, pipeline.GetService<ModelReasoner>());
        Assert.Equal("test", pipeline.GetService<AnomalyReasonerMetadata>()?.ProviderName);
        Assert.Same(pipeline, pipeline.GetService<CountingReasoner>());
        Assert.Null(pipeline.GetService<CountingReasoner>("some key"));
        Assert.Null(pipeline.GetService<Stream>());
    }

    [Fact]
    public async Task An_inspector_over_a_wrapped_model_reasoner_still_builds_and_uses_the_reference_model()
    {
        var inner = new ModelReasoner();
        var trail = new List<string>();
        using IAnomalyReasoner pipeline = inner.AsBuilder().Use(r => new CountingReasoner(r, "wrapper", trail)).Build();
        var inspector = new AnomalyInspector(pipeline);

        InspectionProfile profile = await inspector.CustomizeAsync(new InspectionSpec { References = [ImageObservation.FromFrame(Gray(100))] });
        AnomalyVerdict verdict = await inspector.InspectAsync(profile, ImageObservation.FromFrame(Gray(250)));

        Assert.NotNull(profile.ReferenceModel);
        Assert.Equal(AnomalyReasonerInputs.ReferenceModel, inspector.ReasonerInputs);
        Assert.Equal(["wrapper"], trail);
        Assert.True(verdict.IsAnomalous);
    }

    [Fact]
    public void Disposing_the_pipeline_disposes_every_wrapper_and_the_inner_reasoner()
    {
        var inner = new FakeReasoner(_ => new AnomalyVerdict());
        var trail = new List<string>();
        CountingReasoner? outer = null;
        IAnomalyReasoner pipeline = inner.AsBuilder().Use(r => outer = new CountingReasoner(r, "outer", trail)).Build();

        pipeline.Dispose();

        Assert.True(outer!.DisposedHere);
        Assert.True(inner.Disposed);
    }

    [Fact]
    public async Task Disposing_asynchronously_disposes_the_inner_reasoner()
    {
        var inner = new FakeReasoner(_ => new AnomalyVerdict());
        var pipeline = (IAsyncDisposable)inner.AsBuilder().Use(r => new CountingReasoner(r, "outer", [])).Build();

        await pipeline.DisposeAsync();

        Assert.True(inner.Disposed);
    }

    [Fact]
    public void Factories_that_need_services_get_the_provider_given_to_Build()
    {
        using var inner = new FakeReasoner(_ => new AnomalyVerdict());
        var provider = new SingleServiceProvider(new List<string>());
        List<string>? seen = null;

        using IAnomalyReasoner pipeline = new AnomalyReasonerBuilder(_ => inner)
            .Use((r, services) =>
            {
                seen = (List<string>?)services.GetService(typeof(List<string>));
                return new CountingReasoner(r, "x", seen!);
            })
            .Build(provider);

        Assert.Same(provider.Service, seen);
    }

    [Fact]
    public void A_factory_returning_null_is_refused_with_its_index()
    {
        using var inner = new FakeReasoner(_ => new AnomalyVerdict());

        var error = Assert.Throws<InvalidOperationException>(() => inner.AsBuilder().Use(r => r).Use(_ => null!).Build());

        Assert.Contains("index 1", error.Message, StringComparison.Ordinal);
    }

    private sealed class SingleServiceProvider(object service) : IServiceProvider
    {
        public object Service { get; } = service;

        public object? GetService(Type serviceType) => serviceType.IsInstanceOfType(Service) ? Service : null;
    }
}
