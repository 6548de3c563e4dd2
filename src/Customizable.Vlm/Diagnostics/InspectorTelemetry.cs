using System.Diagnostics;
using System.Diagnostics.Metrics;
using static Customizable.Vlm.Diagnostics.CustomizableVlmDiagnostics;

namespace Customizable.Vlm.Diagnostics;

/// <summary>The spans and instruments of an <see cref="AnomalyInspector"/>: the meter comes from the application's
/// <see cref="IMeterFactory"/> when one is given (so DI apps and tests see only their own measurements), else from one shared meter.</summary>
/// <remarks>Thread-safety: immutable after construction; instruments and the activity source are thread-safe.</remarks>
internal sealed class InspectorTelemetry
{
    private static readonly string? Version = typeof(InspectorTelemetry).Assembly.GetName().Version?.ToString();

    /// <summary>The activity source; static by design (listeners subscribe by name).</summary>
    public static readonly ActivitySource Source = new(SourceName, Version);

    private static readonly Lazy<InspectorTelemetry> SharedInstance = new(() => new InspectorTelemetry(new Meter(MeterName, Version)));

    private InspectorTelemetry(Meter meter)
    {
        Inspections = meter.CreateCounter<long>(InstrumentInspections, "{inspection}", "Inspections finished, by outcome.");
        AnomaliesFlagged = meter.CreateCounter<long>(InstrumentAnomaliesFlagged, "{inspection}", "Inspections whose verdict is anomalous.");
        Errors = meter.CreateCounter<long>(InstrumentErrors, "{error}", "Failed operations, by error type.");
        ProfileLoads = meter.CreateCounter<long>(InstrumentProfileLoads, "{profile}", "Profiles loaded, by outcome.");
        CustomizeDuration = meter.CreateHistogram<double>(InstrumentCustomizeDuration, "s", "Duration of customizing an inspection.");
        InspectDuration = meter.CreateHistogram<double>(InstrumentInspectDuration, "s", "Duration of one inspection.");
        EncodeDuration = meter.CreateHistogram<double>(InstrumentEncodeDuration, "s", "Duration of reading and encoding one observation.");
        ReasonDuration = meter.CreateHistogram<double>(InstrumentReasonDuration, "s", "Duration of the reasoner's call.");
        meter.CreateObservableUpDownCounter(InstrumentRunawayDecodes, static () => Imaging.ImageLoader.RunawayDecodes, "{decode}", "Image decodes that outlived their time bound or cancellation and still run (process-wide).");
    }

    public Counter<long> Inspections { get; }

    public Counter<long> AnomaliesFlagged { get; }

    public Counter<long> Errors { get; }

    public Counter<long> ProfileLoads { get; }

    public Histogram<double> CustomizeDuration { get; }

    public Histogram<double> InspectDuration { get; }

    public Histogram<double> EncodeDuration { get; }

    public Histogram<double> ReasonDuration { get; }

    /// <summary>The telemetry for an inspector: on the factory's meter, or the shared one when <paramref name="meterFactory"/> is null.</summary>
    /// <param name="meterFactory">The application's meter factory, or null.</param>
    /// <returns>The telemetry.</returns>
    public static InspectorTelemetry Create(IMeterFactory? meterFactory) =>
        meterFactory is null ? SharedInstance.Value : new InspectorTelemetry(meterFactory.Create(new MeterOptions(MeterName) { Version = Version }));

    /// <summary>The tag value of a modality.</summary>
    /// <param name="modality">The modality.</param>
    /// <returns><c>image</c>, <c>video</c>, <c>point_cloud</c> or <c>unknown</c>.</returns>
    public static string ModalityName(ObservationModality modality) => modality switch
    {
        ObservationModality.Image => "image",
        ObservationModality.Video => "video",
        ObservationModality.PointCloud => "point_cloud",
        _ => "unknown",
    };

    /// <summary>The outcome tag of a verdict.</summary>
    /// <param name="verdict">The verdict.</param>
    /// <returns><c>anomalous</c>, <c>normal</c> or <c>undecided</c>.</returns>
    public static string OutcomeOf(AnomalyVerdict verdict) => verdict.IsAnomalous switch
    {
        true => "anomalous",
        false => "normal",
        null => "undecided",
    };

    /// <summary>The <c>error.type</c> of an exception: <c>cancelled</c> for cancellation, else the type's full name.</summary>
    /// <param name="exception">The exception.</param>
    /// <returns>The tag value.</returns>
    public static string ErrorTypeOf(Exception exception) =>
        exception is OperationCanceledException ? "cancelled" : exception.GetType().FullName ?? exception.GetType().Name;

    /// <summary>Records a failure: the <c>cvlm.errors</c> counter and, when a span is open, its error status and tag.</summary>
    /// <param name="activity">The open span, or null.</param>
    /// <param name="operation">The operation (<c>customize</c>, <c>inspect</c>, <c>profile.load</c>).</param>
    /// <param name="exception">The failure.</param>
    /// <param name="tags">Further tags of the measurement (reasoner, modality).</param>
    public void RecordError(Activity? activity, string operation, Exception exception, in TagList tags)
    {
        string type = ErrorTypeOf(exception);
        TagList all = tags;
        all.Add(TagOperation, operation);
        all.Add(TagErrorType, type);
        Errors.Add(1, all);
        if (activity is not null)
        {
            activity.SetTag(TagErrorType, type);
            activity.SetStatus(ActivityStatusCode.Error, exception.Message);
        }
    }
}
