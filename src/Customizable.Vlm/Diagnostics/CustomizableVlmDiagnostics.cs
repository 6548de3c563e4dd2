namespace Customizable.Vlm.Diagnostics;

/// <summary>The names under which Customizable.Vlm publishes traces and metrics (OpenTelemetry semantic-convention style), e.g.
/// <c>tracing.AddSource(CustomizableVlmDiagnostics.SourceName)</c> and <c>metrics.AddMeter(CustomizableVlmDiagnostics.MeterName)</c>.
/// docs/production.md lists every span, instrument and tag.</summary>
public static class CustomizableVlmDiagnostics
{
    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/>: <c>Customizable.Vlm</c>.</summary>
    public const string SourceName = "Customizable.Vlm";

    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/>: <c>Customizable.Vlm</c>.</summary>
    public const string MeterName = "Customizable.Vlm";

    /// <summary><c>cvlm.customize</c>: one <see cref="AnomalyInspector.CustomizeAsync"/> call.</summary>
    public const string SpanCustomize = "cvlm.customize";

    /// <summary><c>cvlm.inspect</c>: one <see cref="AnomalyInspector.InspectAsync"/> call (parent of encode and reason).</summary>
    public const string SpanInspect = "cvlm.inspect";

    /// <summary><c>cvlm.encode</c>: reading and encoding one observation into views.</summary>
    public const string SpanEncode = "cvlm.encode";

    /// <summary><c>cvlm.reason</c>: the reasoner's <see cref="IAnomalyReasoner.ReasonAsync"/> call.</summary>
    public const string SpanReason = "cvlm.reason";

    /// <summary><c>cvlm.profile.load</c>: one <c>AnomalyInspector.LoadProfileAsync</c> call (from a file or a stream).</summary>
    public const string SpanProfileLoad = "cvlm.profile.load";

    /// <summary><c>cvlm.inspections</c> (counter, <c>{inspection}</c>): inspections finished, tagged with the outcome.</summary>
    public const string InstrumentInspections = "cvlm.inspections";

    /// <summary><c>cvlm.anomalies.flagged</c> (counter, <c>{inspection}</c>): inspections whose verdict says anomalous.</summary>
    public const string InstrumentAnomaliesFlagged = "cvlm.anomalies.flagged";

    /// <summary><c>cvlm.errors</c> (counter, <c>{error}</c>): failed operations, tagged with <c>error.type</c> and <c>cvlm.operation</c>.</summary>
    public const string InstrumentErrors = "cvlm.errors";

    /// <summary><c>cvlm.profile.loads</c> (counter, <c>{profile}</c>): profiles loaded, tagged with the outcome.</summary>
    public const string InstrumentProfileLoads = "cvlm.profile.loads";

    /// <summary><c>cvlm.customize.duration</c> (histogram, seconds).</summary>
    public const string InstrumentCustomizeDuration = "cvlm.customize.duration";

    /// <summary><c>cvlm.inspect.duration</c> (histogram, seconds): a whole inspection.</summary>
    public const string InstrumentInspectDuration = "cvlm.inspect.duration";

    /// <summary><c>cvlm.encode.duration</c> (histogram, seconds): reading and encoding one observation.</summary>
    public const string InstrumentEncodeDuration = "cvlm.encode.duration";

    /// <summary><c>cvlm.reason.duration</c> (histogram, seconds): the reasoner's call.</summary>
    public const string InstrumentReasonDuration = "cvlm.reason.duration";

    /// <summary><c>cvlm.image.runaway_decodes</c> (observable up-down counter, <c>{decode}</c>): image decodes that outlived their
    /// time bound or their caller's cancellation and still run (<see cref="Imaging.ImageLoader.RunawayDecodes"/>, process-wide).</summary>
    public const string InstrumentRunawayDecodes = "cvlm.image.runaway_decodes";

    /// <summary><c>cvlm.reasoner</c>: the reasoner's provider name (<see cref="AnomalyReasonerMetadata.ProviderName"/>: <c>embedded</c>,
    /// <c>chat</c>, <c>genai</c>, <c>hybrid</c>), or <c>unknown</c>.</summary>
    public const string TagReasoner = "cvlm.reasoner";

    /// <summary><c>cvlm.model</c>: the reasoner's model id (<see cref="AnomalyReasonerMetadata.ModelId"/>), when known; spans only.</summary>
    public const string TagModel = "cvlm.model";

    /// <summary><c>cvlm.modality</c>: <c>image</c>, <c>video</c> or <c>point_cloud</c>.</summary>
    public const string TagModality = "cvlm.modality";

    /// <summary><c>cvlm.outcome</c>: <c>normal</c>, <c>anomalous</c>, <c>undecided</c> (no decision, e.g. an unparseable answer) or
    /// <c>error</c> for inspections; <c>success</c> or <c>error</c> for profile loads.</summary>
    public const string TagOutcome = "cvlm.outcome";

    /// <summary><c>cvlm.operation</c>: <c>customize</c>, <c>inspect</c> or <c>profile.load</c> (on <c>cvlm.errors</c>).</summary>
    public const string TagOperation = "cvlm.operation";

    /// <summary><c>error.type</c> (OpenTelemetry): the full name of the exception type, or <c>cancelled</c>.</summary>
    public const string TagErrorType = "error.type";
}
