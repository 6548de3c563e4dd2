using System.Diagnostics;
using System.Diagnostics.Metrics;
using Customizable.Vlm.Diagnostics;
using Customizable.Vlm.Tests.Inspection;
using Customizable.Vlm.Tests.Reasoning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;

namespace Customizable.Vlm.Tests.Diagnostics;

public sealed class InspectorTelemetryTests : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly IMeterFactory _meters;

    public InspectorTelemetryTests()
    {
        // A meter factory of our own: the collectors see only this test's measurements, whatever runs in parallel.
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        _meters = _services.GetRequiredService<IMeterFactory>();
    }

    public void Dispose() => _services.Dispose();

    private static ImageObservation Image(byte value, string name)
    {
        byte[] pixels = new byte[64 * 48 * 3];
        Array.Fill(pixels, value);
        return ImageObservation.FromFrame(new RawFrame(64, 48, PixelFormat.Rgb24, pixels), name);
    }

    private MetricCollector<T> Collect<T>(string instrument)
        where T : struct => new(_meters, CustomizableVlmDiagnostics.MeterName, instrument);

    [Fact]
    public async Task Inspections_are_counted_by_outcome_and_anomalies_flagged_with_reasoner_and_modality_tags()
    {
        using MetricCollector<long> inspections = Collect<long>("cvlm.inspections");
        using MetricCollector<long> flagged = Collect<long>("cvlm.anomalies.flagged");
        var inspector = new AnomalyInspector(new ModelReasoner(), meterFactory: _meters);
        InspectionProfile profile = await inspector.CustomizeAsync(new InspectionSpec { References = [Image(100, "good")] });

        await inspector.InspectAsync(profile, Image(100, "same"));
        await inspector.InspectAsync(profile, Image(250, "bright"));
        await inspector.InspectAsync(profile, Image(10, "dark"));

        IReadOnlyList<CollectedMeasurement<long>> counted = inspections.GetMeasurementSnapshot();
        Assert.Equal(3, counted.Count);
        Assert.All(counted, m =>
        {
            Assert.Equal(1, m.Value);
            Assert.Equal("test", m.Tags["cvlm.reasoner"]);
            Assert.Equal("image", m.Tags["cvlm.modality"]);
        });
        Assert.Equal(["normal", "anomalous", "anomalous"], counted.Select(m => (string?)m.Tags["cvlm.outcome"]));
        Assert.Equal(2, flagged.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Equal("test", flagged.LastMeasurement!.Tags["cvlm.reasoner"]);
    }

    [Fact]
    public void Runaway_image_decodes_are_observed_once_per_meter_however_many_inspectors_share_it()
    {
        using MetricCollector<int> runaway = Collect<int>(CustomizableVlmDiagnostics.InstrumentRunawayDecodes);
        _ = new AnomalyInspector(new ModelReasoner(), meterFactory: _meters);
        _ = new AnomalyInspector(new ModelReasoner(), meterFactory: _meters);

        runaway.RecordObservableInstruments();

        CollectedMeasurement<int> measurement = Assert.Single(runaway.GetMeasurementSnapshot());
        Assert.InRange(measurement.Value, 0, 1000);
        Assert.Equal("{decode}", runaway.Instrument!.Unit);
    }

    [Fact]
    public async Task Stage_durations_are_recorded_in_seconds_for_customize_inspect_encode_and_reason()
    {
        using MetricCollector<double> customize = Collect<double>("cvlm.customize.duration");
        using MetricCollector<double> inspect = Collect<double>("cvlm.inspect.duration");
        using MetricCollector<double> encode = Collect<double>("cvlm.encode.duration");
        using MetricCollector<double> reason = Collect<double>("cvlm.reason.duration");
        var slow = new FakeReasoner(_ =>
        {
            Thread.Sleep(60);
            return new AnomalyVerdict { Score = 0.2, IsAnomalous = false };
        });
        var inspector = new AnomalyInspector(slow, meterFactory: _meters);

        InspectionProfile profile = await inspector.CustomizeAsync(new InspectionSpec { References = [Image(100, "a"), Image(110, "b")] });
        await inspector.InspectAsync(profile, Image(100, "q"));

        Assert.Single(customize.GetMeasurementSnapshot());
        Assert.Equal(3, encode.GetMeasurementSnapshot().Count);
        double reasonSeconds = Assert.Single(reason.GetMeasurementSnapshot()).Value;
        double inspectSeconds = Assert.Single(inspect.GetMeasurementSnapshot()).Value;
        Assert.InRange(reasonSeconds, 0.05, 30);
        Assert.InRange(inspectSeconds, reasonSeconds, 30);
        Assert.Equal("normal", inspect.LastMeasurement!.Tags["cvlm.outcome"]);
        Assert.Equal("s", inspect.Instrument!.Unit);
    }

    [Fact]
    public async Task A_failing_reasoner_counts_an_error_by_type_and_an_error_outcome()
    {
        using MetricCollector<long> errors = Collect<long>("cvlm.errors");
        using MetricCollector<long> inspections = Collect<long>("cvlm.inspections");
        var failing = new FakeReasoner(_ => throw new CustomizableVlmException("model went away"));
        var inspector = new AnomalyInspector(failing, meterFactory: _meters);
        InspectionProfile profile = await inspector.CustomizeAsync(new InspectionSpec { References = [Image(100, "a")] });

        await Assert.ThrowsAsync<CustomizableVlmException>(() => inspector.InspectAsync(profile, Image(100, "q")));

        CollectedMeasurement<long> error = Assert.Single(errors.GetMeasurementSnapshot());
        Assert.Equal(typeof(CustomizableVlmException).FullName, error.Tags["error.type"]);
        Assert.Equal("inspect", error.Tags["cvlm.operation"]);
        Assert.Equal("error", Assert.Single(inspections.GetMeasurementSnapshot()).Tags["cvlm.outcome"]);
    }

    [Fact]
    public async Task Profile_loads_are_counted_with_their_outcome()
    {
        using MetricCollector<long> loads = Collect<long>("cvlm.profile.loads");
        var inspector = new AnomalyInspector(new ModelReasoner(), meterFactory: _meters);
        InspectionProfile profile = await inspector.CustomizeAsync(new InspectionSpec { References = [Image(100, "a")] });
        string path = Path.Combine(Path.GetTempPath(), $"cvlm-telemetry-{Guid.NewGuid():N}.cvlm");
        try
        {
            await inspector.SaveProfileAsync(profile, path);
            await inspector.LoadProfileAsync(path);
            await Assert.ThrowsAsync<InvalidProfileException>(() => inspector.LoadProfileAsync(path + ".missing"));
        }
        finally
        {
            File.Delete(path);
        }

        Assert.Equal(["success", "error"], loads.GetMeasurementSnapshot().Select(m => (string?)m.Tags["cvlm.outcome"]));
    }

    [Fact]
    public async Task Spans_for_customize_inspect_encode_and_reason_nest_and_carry_their_tags()
    {
        using var testSource = new ActivitySource("Customizable.Vlm.Tests.Telemetry");
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is CustomizableVlmDiagnostics.SourceName or "Customizable.Vlm.Tests.Telemetry",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        var inspector = new AnomalyInspector(new ModelReasoner(), meterFactory: _meters);

        using (Activity root = testSource.StartActivity("test")!)
        {
            // Only spans of this trace count: other tests may inspect at the same time.
            listener.ActivityStopped = a =>
            {
                if (a.TraceId == root.TraceId && a.Source.Name == CustomizableVlmDiagnostics.SourceName)
                {
                    lock (spans)
                    {
                        spans.Add(a);
                    }
                }
            };
            InspectionProfile profile = await inspector.CustomizeAsync(new InspectionSpec { References = [Image(100, "a")] });
            await inspector.InspectAsync(profile, Image(250, "q"));
        }

        Assert.Equal(["cvlm.customize", "cvlm.encode", "cvlm.encode", "cvlm.inspect", "cvlm.reason"], spans.Select(s => s.OperationName).Order());
        Activity inspect = spans.Single(s => s.OperationName == "cvlm.inspect");
        Assert.Equal("anomalous", inspect.GetTagItem("cvlm.outcome"));
        Assert.Equal("image", inspect.GetTagItem("cvlm.modality"));
        Assert.Equal("test", inspect.GetTagItem("cvlm.reasoner"));
        Assert.Equal(inspect.SpanId, spans.Single(s => s.OperationName == "cvlm.reason").ParentSpanId);
        Assert.Contains(spans, s => s.OperationName == "cvlm.encode" && s.ParentSpanId == inspect.SpanId);
    }

    [Fact]
    public async Task An_inspection_logs_nothing_above_Debug()
    {
        var logger = new LevelRecorder();
        var inspector = new AnomalyInspector(new ModelReasoner(), logger: logger, meterFactory: _meters);
        InspectionProfile profile = await inspector.CustomizeAsync(new InspectionSpec { References = [Image(100, "a")] });
        int afterCustomize = logger.Levels.Count;

        await inspector.InspectAsync(profile, Image(250, "q"));

        Assert.Contains(LogLevel.Information, logger.Levels.Take(afterCustomize));
        LogLevel[] inspecting = [.. logger.Levels.Skip(afterCustomize)];
        Assert.Equal([LogLevel.Debug], inspecting);
    }

    private sealed class LevelRecorder : ILogger<AnomalyInspector>
    {
        public List<LogLevel> Levels { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Levels)
            {
                Levels.Add(logLevel);
            }
        }
    }
}
