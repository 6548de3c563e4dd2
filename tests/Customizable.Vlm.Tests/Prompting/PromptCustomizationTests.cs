using Customizable.Vlm.Prompting;
using Microsoft.Extensions.DependencyInjection;

namespace Customizable.Vlm.Tests.Prompting;

public class PromptCustomizationTests
{
    /// <summary>A reasoner that records the prompts it is given and answers "normal".</summary>
    private sealed class RecordingReasoner : IAnomalyReasoner
    {
        public List<AnomalyPrompt> Prompts { get; } = [];

        public Task<AnomalyVerdict> ReasonAsync(AnomalyPrompt prompt, CancellationToken cancellationToken = default)
        {
            lock (Prompts)
            {
                Prompts.Add(prompt);
            }

            return Task.FromResult(new AnomalyVerdict { IsAnomalous = false, Score = 0 });
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    private static InspectionSpec SpecWith(PromptTemplate? template)
    {
        InspectionSpec spec = PromptFixtures.Spec();
        spec.References.Add(ImageObservation.FromFrame(PromptFixtures.Gradient(64, 48, 1), "good-1"));
        spec.PromptTemplate = template;
        return spec;
    }

    [Fact]
    public async Task Customizing_with_an_unknown_placeholder_fails_before_any_inspection()
    {
        using var reasoner = new RecordingReasoner();
        var inspector = new AnomalyInspector(reasoner);
        InspectionSpec spec = SpecWith(PromptTemplates.Default with { Name = "typo", System = "Inspect the {objekt}." });

        var error = await Assert.ThrowsAsync<PromptTemplateException>(() => inspector.CustomizeAsync(spec));

        Assert.Equal(["objekt"], error.UnknownPlaceholders);
        Assert.Contains("typo", error.Message, StringComparison.Ordinal);
        Assert.Empty(reasoner.Prompts);
    }

    [Fact]
    public async Task A_valid_spec_template_is_used_for_inspection_and_survives_a_profile_round_trip()
    {
        using var reasoner = new RecordingReasoner();
        var inspector = new AnomalyInspector(reasoner);
        PromptTemplate template = PromptTemplates.Original with { Name = "line-3" };
        InspectionProfile profile = await inspector.CustomizeAsync(SpecWith(template));
        string path = Path.Combine(Path.GetTempPath(), $"cvlm-prompt-{Guid.NewGuid():N}.cvlm");
        try
        {
            await inspector.SaveProfileAsync(profile, path);
            InspectionProfile loaded = await inspector.LoadProfileAsync(path);
            await inspector.InspectAsync(loaded, ImageObservation.FromFrame(PromptFixtures.Gradient(64, 48, 7), "query"));

            Assert.Equal(template, loaded.Spec.PromptTemplate);
            AnomalyPrompt prompt = Assert.Single(reasoner.Prompts);
            Assert.Equal("line-3", prompt.AdditionalProperties!["cvlm.prompt_template"]);
            Assert.StartsWith("The first image of the cast aluminium bracket is normal.", prompt.Text, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ConfigurePrompts_replaces_the_composer_registered_by_AddCustomizableVlm()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IAnomalyReasoner, RecordingReasoner>();
        services.AddCustomizableVlm().ConfigurePrompts(o =>
        {
            o.Template = PromptTemplates.Original;
            o.Layout = PromptImageLayout.Grid;
            o.MaxImageSide = 512;
        });
        using ServiceProvider provider = services.BuildServiceProvider();

        var composer = Assert.IsType<DefaultPromptComposer>(provider.GetRequiredService<IPromptComposer>());

        Assert.Equal("original", composer.Options.Template.Name);
        Assert.Equal(PromptImageLayout.Grid, composer.Options.Layout);
        Assert.Single(services, d => d.ServiceType == typeof(IPromptComposer));
    }

    [Fact]
    public void ConfigurePrompts_with_a_broken_template_fails_at_startup()
    {
        var services = new ServiceCollection();

        Assert.Throws<PromptTemplateException>(() =>
            services.AddCustomizableVlm().ConfigurePrompts(o => o.Template = new PromptTemplate { User = "{images}" }));
    }
}
