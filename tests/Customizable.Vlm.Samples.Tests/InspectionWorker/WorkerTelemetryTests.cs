using System.Diagnostics;
using Customizable.Vlm.Diagnostics;
using InspectionWorker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Customizable.Vlm.Samples.Tests.InspectionWorker;

/// <summary>The worker's OpenTelemetry wiring (<c>Cvlm:Worker:OpenTelemetry:Enabled</c>) exports the library's documented spans and
/// metrics (docs/production.md, "Telemetry"): collected here with OpenTelemetry's in-memory exporter beside the console one.</summary>
/// <remarks>The library's <see cref="ActivitySource"/> and meter are process-wide, so the exporters also see the inspections of every other
/// worker test running at the same time: this class runs alone (<see cref="TelemetryGroup"/>) and still reads only what its own
/// reasoner (<see cref="FlaggingReasoner.Provider"/>) produced.</remarks>
[Collection(TelemetryGroup.Name)]
public class WorkerTelemetryTests
{
    [Fact]
    public async Task With_OpenTelemetry_enabled_an_inspected_image_exports_the_documented_spans_and_metrics_with_their_tags()
    {
        using var folder = new WorkerFolder();
        await folder.WriteReferencesAsync(1);
        var spans = new List<Activity>();
        var metrics = new List<MetricSnapshot>();
        IHost host = await WorkerApp.CreateHostAsync(folder.Args("--Cvlm:Worker:Consumers=1", "--Cvlm:Worker:OpenTelemetry:Enabled=true"), configure: builder =>
        {
            builder.Services.RemoveAll<IAnomalyReasoner>();
            builder.Services.AddCustomizableVlm().AddReasoner(_ => new FlaggingReasoner());
            builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));
            builder.Services.ConfigureOpenTelemetryMeterProvider(meters => meters.AddInMemoryExporter(metrics));
        });
        try
        {
            await host.StartAsync();
            await folder.DropAsync("part/query.png", seed: 60);
            Assert.Single(await folder.WaitForResultsAsync(1, TimeSpan.FromSeconds(30)));
            await host.StopAsync();
        }
        finally
        {
            host.Dispose(); // flushes the meter provider's last export
        }

        // Spans: the profile customized at start, and the dropped image's inspection (the warm-up inspection is one more).
        Assert.Contains(spans, s => s.DisplayName == "cvlm.customize" && (string?)s.GetTagItem("cvlm.reasoner") == FlaggingReasoner.Provider);
        Activity inspect = spans.Last(s => s.DisplayName == "cvlm.inspect" && (string?)s.GetTagItem("cvlm.reasoner") == FlaggingReasoner.Provider);
        Assert.Equal(CustomizableVlmDiagnostics.SourceName, inspect.Source.Name);
        Assert.Equal(FlaggingReasoner.Provider, inspect.GetTagItem("cvlm.reasoner"));
        Assert.Equal("image", inspect.GetTagItem("cvlm.modality"));
        Assert.Equal("anomalous", inspect.GetTagItem("cvlm.outcome"));
        Assert.Contains(spans, s => s.DisplayName == "cvlm.encode" && s.ParentSpanId == inspect.SpanId);
        Assert.Contains(spans, s => s.DisplayName == "cvlm.reason" && s.ParentSpanId == inspect.SpanId);

        // Metrics: the inspections counter (warm-up and the image, both flagged by this reasoner) and the stage histograms, in seconds.
        MetricSnapshot inspections = metrics.Last(m => m.Name == "cvlm.inspections");
        Assert.Equal(CustomizableVlmDiagnostics.MeterName, inspections.MeterName);
        long counted = 0;
        foreach (MetricPoint point in inspections.MetricPoints)
        {
            Dictionary<string, object?> tags = [];
            foreach (KeyValuePair<string, object?> tag in point.Tags)
            {
                tags[tag.Key] = tag.Value;
            }

            if (!Equals(tags.GetValueOrDefault("cvlm.reasoner"), FlaggingReasoner.Provider))
            {
                continue; // another test's inspection, seen through the process-wide meter
            }

            Assert.Equal((FlaggingReasoner.Provider, "image", "anomalous"), (tags["cvlm.reasoner"], tags["cvlm.modality"], tags["cvlm.outcome"]));
            counted += point.GetSumLong();
        }

        Assert.Equal(2, counted);
        Assert.Contains(metrics, m => m.Name == "cvlm.anomalies.flagged");
        foreach (string histogram in new[] { "cvlm.customize.duration", "cvlm.inspect.duration", "cvlm.encode.duration", "cvlm.reason.duration" })
        {
            MetricSnapshot duration = metrics.Last(m => m.Name == histogram);
            Assert.Equal((MetricType.Histogram, "s"), (duration.MetricType, duration.Unit));
        }
    }

    /// <summary>Flags every image at once, as provider <see cref="Provider"/>.</summary>
    private sealed class FlaggingReasoner : IAnomalyReasoner
    {
        public const string Provider = "telemetry-test";

        public Task<AnomalyVerdict> ReasonAsync(AnomalyPrompt prompt, CancellationToken cancellationToken = default) =>
            Task.FromResult(new AnomalyVerdict { Score = 0.9, IsAnomalous = true, Reasoning = "flagged" });

        public object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceKey is not null ? null
            : serviceType == typeof(AnomalyReasonerMetadata) ? new AnomalyReasonerMetadata(Provider, AnomalyReasonerInputs.None)
            : serviceType.IsInstanceOfType(this) ? this
            : null;

        public void Dispose()
        {
        }
    }
}

/// <summary>Runs the telemetry test with no other test beside it: the library's activity source and meter are process-wide.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryGroup
{
    public const string Name = "Process-wide telemetry";
}
