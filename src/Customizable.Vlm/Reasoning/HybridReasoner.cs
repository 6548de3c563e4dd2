using System.Buffers.Binary;
using System.Globalization;

namespace Customizable.Vlm.Reasoning;

/// <summary>
/// Combines a measuring reasoner (the embedded feature reasoner: score, anomaly map, regions) with an explaining reasoner (a chat
/// or local vision-language model). The measurement runs first; the explainer then gets the original prompt plus the measured
/// evidence (where, how large, how far beyond the normal range) and a heat-map overlay and/or close-up of the suspicious region,
/// and explains. The verdict keeps the measured decision and score (so ranking and AUROC are the measurement's), takes the
/// model's reasoning text, and flags when the two decisions disagree.
/// </summary>
/// <remarks>
/// <para>Verdict: <see cref="AnomalyVerdict.IsAnomalous"/>, <see cref="AnomalyVerdict.Score"/>, regions and anomaly maps are the
/// measured ones (<see cref="VerdictStatus.Measured"/>, score source <see cref="VerdictScoreSource.Measured"/>);
/// <see cref="AnomalyVerdict.Reasoning"/>, <see cref="AnomalyVerdict.RawText"/> and the defect type come from the explainer
/// (the measured reasoning is used when the explainer's answer is unreadable). Disagreement is reported three ways:
/// <see cref="HybridVerdictDetails.Disagreement"/> (in <see cref="AnomalyVerdict.RawRepresentation"/>, see
/// <see cref="HybridVerdictExtensions.GetHybridDetails"/>), <see cref="HybridPropertyNames.Disagreement"/> in
/// <see cref="AnomalyVerdict.AdditionalProperties"/>, and a closing sentence of the reasoning text.</para>
/// <para>Customization: when the measuring reasoner is an <see cref="IReferenceModelBuilder"/>, the hybrid is one too and delegates
/// to it, so <see cref="AnomalyInspector"/> builds the measurer's reference model once and profiles stay interchangeable with
/// the measurer's own.</para>
/// <para>Thread-safety: stateless; concurrent calls are as safe as the two inner reasoners (both must allow them by the
/// <see cref="IAnomalyReasoner"/> contract). Ownership: the inner reasoners stay the caller's unless <c>disposeReasoners</c> is
/// set, in which case <see cref="Dispose"/> disposes both.</para>
/// </remarks>
public sealed class HybridReasoner : IAnomalyReasoner, IReferenceModelBuilder
{
    private const string NoModelKind = "customizable-vlm/none";
    private readonly HybridReasonerOptions _options;
    private readonly bool _disposeReasoners;

    /// <summary>Initializes a new hybrid reasoner.</summary>
    /// <param name="measurer">The reasoner whose score, decision, regions and maps are kept (typically the feature reasoner).</param>
    /// <param name="explainer">The reasoner that explains, given the measured evidence (a chat or local vision-language model).</param>
    /// <param name="options">Options; null for the defaults (heat-map overlay, three regions, explainer failures thrown).</param>
    /// <param name="disposeReasoners">Whether <see cref="Dispose"/> disposes the two reasoners.</param>
    public HybridReasoner(IAnomalyReasoner measurer, IAnomalyReasoner explainer, HybridReasonerOptions? options = null, bool disposeReasoners = false)
    {
        Measurer = measurer ?? throw new ArgumentNullException(nameof(measurer));
        Explainer = explainer ?? throw new ArgumentNullException(nameof(explainer));
        if (ReferenceEquals(measurer, explainer))
        {
            throw new ArgumentException("The measuring and the explaining reasoner must be different instances.", nameof(explainer));
        }

        _options = options?.Clone() ?? new HybridReasonerOptions();
        _options.Validate();
        _disposeReasoners = disposeReasoners;
    }

    /// <summary>Gets the measuring reasoner.</summary>
    public IAnomalyReasoner Measurer { get; }

    /// <summary>Gets the explaining reasoner.</summary>
    public IAnomalyReasoner Explainer { get; }

    /// <inheritdoc />
    public string ReferenceModelKind => MeasurerBuilder?.ReferenceModelKind ?? NoModelKind;

    private IReferenceModelBuilder? MeasurerBuilder => Measurer.GetService<IReferenceModelBuilder>();

    /// <inheritdoc />
    /// <exception cref="CustomizableVlmException">The explainer failed and <see cref="HybridReasonerOptions.ExplainerFailure"/> is
    /// <see cref="HybridExplainerFailure.Throw"/> (its own exception propagates, which may also be a transport exception).</exception>
    public async Task<AnomalyVerdict> ReasonAsync(AnomalyPrompt prompt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        AnomalyVerdict measured = await Measurer.ReasonAsync(prompt, cancellationToken).ConfigureAwait(false);
        if (measured.IsAnomalous == false && !_options.ExplainNormalVerdicts)
        {
            return Combine(measured, null, null, null);
        }

        AnomalyPrompt explainerPrompt = WithEvidence(prompt, measured);
        AnomalyVerdict explanation;
        try
        {
            explanation = await Explainer.ReasonAsync(explainerPrompt, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (_options.ExplainerFailure == HybridExplainerFailure.KeepMeasured && ex is not OperationCanceledException)
        {
            return Combine(measured, null, explainerPrompt, ex.Message);
        }

        return Combine(measured, explanation, explainerPrompt, null);
    }

    /// <summary>Returns the prompt the explainer gets: the original parts with the measured evidence (text and images) inserted
    /// before the closing instruction (or appended when the prompt does not end with one).</summary>
    /// <param name="prompt">The original prompt.</param>
    /// <param name="measured">The measuring reasoner's verdict for it.</param>
    /// <returns>A new prompt with the same spec, query views and reference model.</returns>
    public AnomalyPrompt WithEvidence(AnomalyPrompt prompt, AnomalyVerdict measured)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(measured);
        var parts = prompt.Parts.ToList();
        int at = parts.Count > 0 && parts[^1] is TextPromptPart { Role: PromptTextRole.Instruction } ? parts.Count - 1 : parts.Count;
        parts.InsertRange(at, HybridEvidence.Build(prompt, measured, _options));
        return new AnomalyPrompt(parts, prompt.Spec, prompt.QueryViews)
        {
            ReferenceModel = prompt.ReferenceModel,
            AdditionalProperties = prompt.AdditionalProperties is null ? null : new Dictionary<string, object?>(prompt.AdditionalProperties),
        };
    }

    /// <inheritdoc />
    public async ValueTask<ReferenceModel> BuildReferenceModelAsync(InspectionSpec spec, IReadOnlyList<EncodedView> referenceViews, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(referenceViews);
        return MeasurerBuilder is { } builder
            ? await builder.BuildReferenceModelAsync(spec, referenceViews, cancellationToken).ConfigureAwait(false)
            : new NoReferenceModel(referenceViews.Count);
    }

    /// <inheritdoc />
    public void Write(ReferenceModel model, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(destination);
        if (MeasurerBuilder is { } builder)
        {
            builder.Write(model, destination);
        }
        else if (model is NoReferenceModel none)
        {
            Span<byte> count = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(count, none.ReferenceCount);
            destination.Write(count);
        }
        else
        {
            throw new ArgumentException($"Expected a reference model of kind {NoModelKind}.", nameof(model));
        }
    }

    /// <inheritdoc />
    public ReferenceModel Read(Stream source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (MeasurerBuilder is { } builder)
        {
            return builder.Read(source);
        }

        Span<byte> count = stackalloc byte[4];
        int read = source.ReadAtLeast(count, count.Length, throwOnEndOfStream: false);
        int references = read == count.Length ? BinaryPrimitives.ReadInt32LittleEndian(count) : -1;
        return references >= 0 && source.ReadByte() == -1
            ? new NoReferenceModel(references)
            : throw new CustomizableVlmException($"A {NoModelKind} reference model is exactly one non-negative count.");
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is null && serviceType.IsInstanceOfType(this))
        {
            return this;
        }

        if (serviceKey is null && serviceType == typeof(HybridReasonerOptions))
        {
            return _options.Clone();
        }

        if (serviceKey is null && serviceType == typeof(AnomalyReasonerMetadata))
        {
            // The hybrid reads what either of its reasoners reads (the measurer's model, the explainer's prompt and images).
            var measurer = Measurer.GetService<AnomalyReasonerMetadata>();
            var explainer = Explainer.GetService<AnomalyReasonerMetadata>();
            return new AnomalyReasonerMetadata(
                "hybrid",
                AnomalyReasonerMetadata.InputsOf(Measurer) | AnomalyReasonerMetadata.InputsOf(Explainer),
                measurer?.ModelId is null && explainer?.ModelId is null ? null : $"{measurer?.ModelId}+{explainer?.ModelId}");
        }

        return Measurer.GetService(serviceType, serviceKey) ?? Explainer.GetService(serviceType, serviceKey);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposeReasoners)
        {
            Measurer.Dispose();
            Explainer.Dispose();
        }
    }

    private static AnomalyVerdict Combine(AnomalyVerdict measured, AnomalyVerdict? explanation, AnomalyPrompt? explainerPrompt, string? error)
    {
        var details = new HybridVerdictDetails(measured, explanation, explainerPrompt, error);
        bool explained = explanation is not null && explanation.Status != VerdictStatus.Unparseable && !string.IsNullOrWhiteSpace(explanation.Reasoning);
        string reasoning = explained ? explanation!.Reasoning : measured.Reasoning;
        if (details.Disagreement == true)
        {
            reasoning += string.Create(
                CultureInfo.InvariantCulture,
                $"\n\nDisagreement: the measurement finds the query {Word(measured.IsAnomalous)} (score {measured.Score:0.00}), the vision-language model finds it {Word(explanation!.IsAnomalous)}.");
        }

        var properties = measured.AdditionalProperties is null
            ? new Dictionary<string, object?>(StringComparer.Ordinal)
            : new Dictionary<string, object?>(measured.AdditionalProperties);
        properties[VerdictPropertyNames.ScoreSource] = VerdictScoreSource.Measured;
        properties[HybridPropertyNames.Disagreement] = details.Disagreement;
        if (explanation is not null)
        {
            properties[HybridPropertyNames.ExplainerAnomalous] = explanation.IsAnomalous;
            properties[HybridPropertyNames.ExplainerScore] = explanation.Score;
            properties[HybridPropertyNames.ExplainerStatus] = explanation.Status;
        }

        if (error is not null)
        {
            properties[HybridPropertyNames.ExplainerError] = error;
        }

        return new AnomalyVerdict
        {
            IsAnomalous = measured.IsAnomalous,
            Score = measured.Score,
            Reasoning = reasoning,
            Regions = measured.Regions,
            AnomalyMaps = measured.AnomalyMaps,
            ViewScores = measured.ViewScores,
            DefectType = explanation?.DefectType ?? measured.DefectType,
            Status = VerdictStatus.Measured,
            RawText = explanation?.RawText,
            ModelId = explanation is null ? measured.ModelId : $"{measured.ModelId}+{explanation.ModelId}",
            RawRepresentation = details,
            AdditionalProperties = properties,
        };
    }

    private static string Word(bool? anomalous) => anomalous switch { true => "anomalous", false => "normal", null => "undecided" };

    /// <summary>The reference model of a hybrid whose measurer precomputes nothing.</summary>
    private sealed class NoReferenceModel(int referenceCount) : ReferenceModel
    {
        public override string Kind => NoModelKind;

        public override int ReferenceCount { get; } = referenceCount;
    }
}
