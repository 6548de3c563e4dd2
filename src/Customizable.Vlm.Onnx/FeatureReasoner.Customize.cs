using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using Customizable.Vlm.Anomaly;
using Customizable.Vlm.Onnx.Tuning;
using Customizable.Vlm.Preprocessing;

namespace Customizable.Vlm.Onnx;

public sealed partial class FeatureReasoner
{
    /// <summary>Synthetic defects planted on each calibration reference to set the decision threshold.</summary>
    private const int ThresholdDefectsPerReference = 3;

    /// <summary>Shifted copies standing in for other normal parts when there is a single reference.</summary>
    private const int SingleReferenceStandIns = 4;

    /// <summary>The most images (references and their mirrored copies) a slot's memory is built from when
    /// <see cref="FeatureReasonerOptions.ReferenceAugmentation"/> adds copies: 48, three times 16 references.</summary>
    private const int MaxAugmentedFrames = 48;

    /// <summary>The most images a slot's memory is built from with turned copies (<see cref="FeatureReasonerOptions.TurnedCopies"/>):
    /// 160, ten times 16 references (each, its two mirror images, three quarter turns and four eighth turns).</summary>
    private const int MaxTurnedFrames = 160;

    /// <summary>The most references per slot for which customization checks, when <see cref="FeatureReasonerOptions.TurnedCopies"/>
    /// is left open, whether the parts appear in different orientations (the check runs the backbone on three quarter-turned copies
    /// of each, and on four eighth-turned ones when it keeps those).</summary>
    internal const int MaxTurnCheckReferences = 16;

    /// <inheritdoc />
    /// <remarks>Chooses the settings left open in the options (self-tuning on held-out references with planted synthetic defects,
    /// within <see cref="FeatureReasonerOptions.SelfTuningBudget"/>), then builds one memory per view slot
    /// (<see cref="EncodedView.Slot"/>) from that slot's views, each with its own projection and a decision threshold set between
    /// the slot's held-out normal scores and its synthetic-defect scores. Runs on the thread pool.</remarks>
    /// <exception cref="ObjectDisposedException">The reasoner is disposed.</exception>
    public ValueTask<ReferenceModel> BuildReferenceModelAsync(InspectionSpec spec, IReadOnlyList<EncodedView> referenceViews, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(referenceViews);
        if (referenceViews.Count == 0)
        {
            throw new ArgumentException("At least one reference view is needed.", nameof(referenceViews));
        }

        return new ValueTask<ReferenceModel>(Task.Run<ReferenceModel>(
            () =>
            {
                using Threading.UsageGate.Lease lease = _gate.Enter();
                return Build(referenceViews, cancellationToken);
            },
            cancellationToken));
    }

    private FeatureReferenceModel Build(IReadOnlyList<EncodedView> referenceViews, CancellationToken cancellationToken)
    {
        long started = Stopwatch.GetTimestamp();
        var groups = referenceViews.GroupBy(v => v.Slot).OrderBy(g => g.Key).Select(g => (Slot: g.Key, Views: g.ToList())).ToList();

        // The settings are chosen once per model, on the slot with the most views; every slot then uses them.
        // With a single reference per slot, the backbone runs at SingleReferenceInputSize: one part covers too little normal
        // variation for a finer grid (docs/accuracy.md, "Input resolution").
        (int width, int height) = _options.SingleReferenceInputSize is { } single && groups.All(g => g.Views.Count == 1)
            ? (single, single)
            : (_resolution.Backbone.InputWidth, _resolution.Backbone.InputHeight);
        if (_options.MatchReferenceAspect && width == height)
        {
            (width, height) = InputShapeFor(width * height, ConsistentAspect(referenceViews));
        }

        BackboneResolution resolution = ResolutionAt(width, height);
        TuningOutcome tuning = ChooseSettings(groups.MaxBy(g => g.Views.Count).Views, resolution, cancellationToken);
        // The mirrored query only where the memory holds left-right mirror images of at least half the references of every slot (see
        // FeatureReasonerOptions.MirroredQuery and SupportsMirroredQuery).
        bool mirror = _options.MirroredQuery && groups.All(g => SupportsMirroredQuery(g.Views.Count, MakesTurnedCopies(g.Views.Count), _options.ReferenceAugmentation));
        tuning = tuning with { Settings = tuning.Settings with { MirrorQuery = mirror } };
        var slots = new List<PatchMemorySlot>();
        var evidence = new List<FeatureThresholdEvidence>();
        // With several slots the observation is decided by its largest view score: each slot's threshold is first set from its own
        // scores without the user's margin, then all are moved together on the fused scores, where the margin applies.
        bool fused = groups.Count > 1;
        // Edge rings: pinned, or chosen here between 0 and 1 from the held-out references (ChooseEdgeRings); every calibration score
        // is computed for each candidate from the same patch distances, so the choice costs no backbone or search work.
        int[] candidates = _options.EdgePatchRings is { } pinned ? [pinned] : [0, 1];
        var drafts = new List<SlotDraft>();
        foreach ((int slot, List<EncodedView> views) in groups)
        {
            cancellationToken.ThrowIfCancellationRequested();
            drafts.Add(BuildSlot(slot, views, tuning.Settings, candidates, cancellationToken));
        }

        (int choice, string? because) = ChooseEdgeRings(drafts, candidates);
        foreach (SlotDraft draft in drafts)
        {
            (PatchMemorySlot memory, FeatureThresholdEvidence threshold) = draft.Finish(choice, fused ? 0 : _options.ThresholdMargin, because);
            slots.Add(memory);
            evidence.Add(threshold);
        }

        tuning = tuning with { Settings = tuning.Settings with { EdgeRings = candidates[choice] } };

        if (fused)
        {
            FuseThresholds(slots, evidence);
        }

        var report = new FeatureTuningReport(tuning.Settings.ResizeMode, tuning.Settings.Normalize, tuning.Candidates, tuning.HeldOut, tuning.Planted, tuning.Elapsed, tuning.BudgetExhausted, evidence);
        var model = new FeatureReferenceModel(slots, sharedAcrossSlots: false, resolution.GridWidth, resolution.GridHeight, referenceViews.Count, SignatureFor(tuning.Settings), report);
        Log.Built(_logger, slots.Count, referenceViews.Count, model.PatchCount, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return model;
    }

    /// <summary>The reference views' common width-to-height ratio: their median, when there are at least two and at least 90% of them
    /// are within 15% of it; otherwise 1 (one view cannot show that the parts share a shape, and parts photographed in either
    /// orientation have none, so the input stays square).</summary>
    internal static double ConsistentAspect(IReadOnlyList<EncodedView> views)
    {
        if (views.Count < 2)
        {
            return 1;
        }

        double[] aspects = [.. views.Select(v => (double)v.Frame.Width / v.Frame.Height).Order()];
        int m = aspects.Length / 2;
        double median = aspects.Length % 2 == 1 ? aspects[m] : Math.Sqrt(aspects[m - 1] * aspects[m]);
        int agreeing = aspects.Count(a => Math.Abs(Math.Log(a / median)) <= Math.Log(1.15));
        return agreeing >= 0.9 * aspects.Length ? median : 1;
    }

    /// <summary>
    /// The backbone input for views of an aspect ratio: about <paramref name="area"/> pixels in the views' proportions, each side a
    /// multiple of 16 (the deepest feature map's stride) within [<see cref="MinInputSide"/>, <see cref="MaxInputSide"/>]. Views within
    /// 15% of square, and ratios beyond 4:1 (clamped), keep a square input or the clamped shape.
    /// </summary>
    internal static (int Width, int Height) InputShapeFor(int area, double aspect)
    {
        int side = (int)Math.Round(Math.Sqrt(area));
        if (!double.IsFinite(aspect) || aspect <= 0 || Math.Abs(Math.Log(aspect)) <= Math.Log(1.15))
        {
            return (side, side);
        }

        aspect = Math.Clamp(aspect, 0.25, 4);
        static int Round16(double v) => Math.Clamp((int)Math.Round(v / 16) * 16, MinInputSide, MaxInputSide);
        int width = Round16(Math.Sqrt(area * aspect));
        int height = Round16(area / (double)width);
        return (width, height);
    }

    private string SignatureFor(FeatureSettings settings)
    {
        // The base signature is "model|outputs|WxH|kK"; a model's signature adds its settings in the places older profiles had them.
        string[] parts = R(settings).Signature.Split('|');
        // Edge rings are written only when used, so that a model without them keeps the signature older versions wrote and read.
        string edge = settings.EdgeRings > 0 ? string.Create(CultureInfo.InvariantCulture, $"|edge={settings.EdgeRings}") : string.Empty;
        // Likewise per-layer normalisation: a model normalising the whole feature keeps the signature older versions wrote.
        string norm = settings.Normalize && settings.PerLayer ? "|norm=layer" : string.Empty;
        // Likewise the mirrored query; older versions refuse a model that has it (its signature does not match theirs), which is right:
        // its threshold was set on mirrored scores.
        string mirror = settings.MirrorQuery ? "|mirror=h" : string.Empty;
        return string.Join('|', parts[..^1]) + string.Create(CultureInfo.InvariantCulture, $"|{settings.ResizeMode}|{parts[^1]}|l2={settings.Normalize}{norm}{edge}{mirror}");
    }

    /// <summary>Moves the slots' thresholds (built without the margin) so that the largest calibrated view score is decided by the
    /// threshold rule on fused scores (<see cref="ViewFusionThreshold"/>); where the slots' calibration entries do not line up, each
    /// slot keeps its own threshold, with the margin.</summary>
    private void FuseThresholds(List<PatchMemorySlot> slots, List<FeatureThresholdEvidence> evidence)
    {
        var fusion = ViewFusionThreshold.Fuse(
            [.. slots.Select(s => s.Calibration)],
            [.. evidence.Select(e => e.NormalScores)],
            [.. evidence.Select(e => e.DefectScores)],
            ThresholdDefectsPerReference,
            _options.ThresholdMargin);
        for (int i = 0; i < slots.Count; i++)
        {
            PatchMemorySlot s = slots[i];
            FeatureThresholdEvidence e = evidence[i];
            (ScoreCalibration calibration, string rule) = fusion is { } f
                ? (f.Calibrations[i], $"{e.Rule}; {f.Rule}")
                : PerSlot(e);
            slots[i] = new PatchMemorySlot(s.Slot, s.Bank, s.Projection, calibration, s.NormalPatchMax, s.ViewCount);
            evidence[i] = new FeatureThresholdEvidence(e.Slot, e.NormalScores, e.DefectScores, calibration.Threshold, rule);
        }

        (ScoreCalibration, string) PerSlot(FeatureThresholdEvidence e)
        {
            (double threshold, string rule) = ThresholdRule.Choose(e.NormalScores, e.DefectScores, _options.ThresholdMargin);
            return (ScoreCalibration.WithThreshold(e.NormalScores, threshold), rule);
        }
    }

    /// <summary>The share of held-out references whose strongest patch must lie on the grid's outer ring for edge rings to be used
    /// (<see cref="FeatureReasonerOptions.EdgePatchRings"/> null). By chance about a tenth of the patches of a 40 x 40 grid are on that
    /// ring; on the development categories magnetic_tile had 2 to 6 of 4 or 8 held-out references strongest there, tire and
    /// juice_bottle none (docs/accuracy.md, "Edge patches").</summary>
    private const double AutoEdgeShare = 0.4;

    /// <summary>Chooses among the edge-ring candidates: the pinned value, or 1 when every slot has a single reference (shifted
    /// stand-ins, whose edges show new content) or when at least <see cref="AutoEdgeShare"/> of the held-out references have their
    /// strongest patch on the outer ring; otherwise 0.</summary>
    private static (int Index, string? Because) ChooseEdgeRings(List<SlotDraft> drafts, int[] candidates)
    {
        if (candidates.Length == 1)
        {
            return (0, null);
        }

        int heldOut = drafts.Sum(d => d.HeldOut), onEdge = drafts.Sum(d => d.StrongestOnEdge);
        if (drafts.All(d => d.SingleReference))
        {
            return (1, "edge rings 1, chosen for a single reference");
        }

        bool edge = heldOut > 0 && onEdge >= AutoEdgeShare * heldOut;
        return (edge ? 1 : 0, string.Create(CultureInfo.InvariantCulture, $"edge rings {(edge ? 1 : 0)}, chosen because {onEdge} of {heldOut} held-out reference view(s) had their strongest patch on the grid's outer ring ({(edge ? "at least" : "under")} {AutoEdgeShare * 100:0}%)"));
    }

    /// <summary>Whether the strongest patch distance lies on the grid's outer ring (above every inner patch).</summary>
    internal static bool StrongestOnEdge(ReadOnlySpan<float> distances, int gridWidth, int gridHeight)
    {
        float edge = float.NegativeInfinity, inner = float.NegativeInfinity;
        for (int y = 0; y < gridHeight; y++)
        {
            for (int x = 0; x < gridWidth; x++)
            {
                float d = distances[(y * gridWidth) + x];
                if (x == 0 || y == 0 || x == gridWidth - 1 || y == gridHeight - 1)
                {
                    edge = Math.Max(edge, d);
                }
                else
                {
                    inner = Math.Max(inner, d);
                }
            }
        }

        return edge > inner;
    }

    /// <summary>A slot's memory and its calibration scores for each edge-ring candidate, before the threshold is set.</summary>
    private sealed class SlotDraft(int slot, PatchMemoryBank bank, PatchProjection? projection, float patchMax, int viewCount, List<double>[] normal, List<double>[] defects)
    {
        public bool SingleReference { get; init; }

        public int HeldOut { get; init; }

        public int StrongestOnEdge { get; init; }

        /// <summary>How many near-duplicates left the memory with their held-out reference, summed over the held-out references.</summary>
        public int NearDuplicates { get; init; }

        /// <summary>Which copies of the references the memory holds beyond its default mirrored pair, and why (mirrored copies pinned
        /// otherwise; turned copies chosen or pinned); null when neither applies.</summary>
        public string? Copies { get; init; }

        /// <summary>Sets the threshold from the scores of candidate <paramref name="choice"/>.</summary>
        public (PatchMemorySlot Memory, FeatureThresholdEvidence Threshold) Finish(int choice, double margin, string? because)
        {
            (double threshold, string rule) = ThresholdRule.Choose(normal[choice], defects[choice], margin);
            if (NearDuplicates > 0)
            {
                rule = string.Create(CultureInfo.InvariantCulture, $"{rule}; {NearDuplicates} near-duplicate reference view(s) left out with the held-out one(s)");
            }

            if (because is not null)
            {
                rule = $"{rule} ({because})";
            }

            if (Copies is not null)
            {
                rule = $"{rule}; {Copies}";
            }

            ScoreCalibration calibration = ScoreCalibration.WithThreshold(normal[choice], threshold);
            var evidence = new FeatureThresholdEvidence(slot, normal[choice], defects[choice], calibration.Threshold, rule);
            return (new PatchMemorySlot(slot, bank, projection, calibration, patchMax, viewCount), evidence);
        }
    }

    /// <summary>What the evidence says about mirrored copies when they are not the default pair (null with one reference, which gets
    /// none, or with both flips).</summary>
    private string? MirrorNote(int references) => references < 2 ? null : _options.ReferenceAugmentation switch
    {
        ReferenceAugmentation.None => "no mirrored copies of the references (pinned)",
        ReferenceAugmentation.FlipHorizontal => "copies mirrored left to right only (pinned)",
        ReferenceAugmentation.FlipVertical => "copies mirrored top to bottom only (pinned)",
        _ => null,
    };

    /// <summary>Whether a slot's turned copies are made (pinned, or checked for up to <see cref="MaxTurnCheckReferences"/> references).</summary>
    private bool MakesTurnedCopies(int references)
    {
        bool? pinned = references > 1 ? _options.TurnedCopies : false;
        return pinned == true || (pinned is null && references <= MaxTurnCheckReferences);
    }

    /// <summary>The most images (references and copies) a slot's memory is built from: never fewer than the references.</summary>
    private static int MemoryFrameLimit(int references, bool turns) => Math.Max(references, turns ? MaxTurnedFrames : MaxAugmentedFrames);

    /// <summary>How many references of a slot get their left-right mirror image in the memory: copies are made kind by kind, left-right
    /// mirror images first, within <see cref="MemoryFrameLimit"/>.</summary>
    internal static int LeftRightCopies(int references, bool turns, ReferenceAugmentation augmentation) =>
        references > 1 && (augmentation & ReferenceAugmentation.FlipHorizontal) != 0
            ? Math.Clamp(MemoryFrameLimit(references, turns) - references, 0, references)
            : 0;

    /// <summary>Whether a slot of that many references supports the mirrored query (<see cref="FeatureReasonerOptions.MirroredQuery"/>):
    /// its memory must hold the left-right mirror images of at least half of them. With fewer, the mirror image of a normal part is
    /// scored against a memory of mostly unmirrored views: with no copy at all (48 references or more), tire with all 50 of its
    /// references ranked at 0.726 image AUROC instead of 0.882 without the mirrored query, and UCSD Ped2 at 64 frames at 0.960 instead
    /// of 0.993 (docs/accuracy.md, "Many references").</summary>
    internal static bool SupportsMirroredQuery(int references, bool turns, ReferenceAugmentation augmentation) =>
        references > 1 && 2 * LeftRightCopies(references, turns, augmentation) >= references;

    private SlotDraft BuildSlot(int slot, List<EncodedView> views, FeatureSettings settings, int[] rings, CancellationToken cancellationToken)
    {
        int n = views.Count;
        BackboneResolution r = R(settings);
        int patchesPerImage = r.PatchesPerImage;

        // Mirrored copies of the references join the memory (not the calibration's held-out scoring): image i of the list comes
        // from reference i % n. Not with a single reference: its threshold comes from shifted stand-ins, which the copies made look
        // so normal that the decision flagged almost no tire defect (docs/accuracy.md, "Mirrored references").
        // Turned copies (FeatureReasonerOptions.TurnedCopies) follow them when pinned, or, left open, are made for up to
        // MaxTurnCheckReferences references and kept when those show their parts in different orientations (OrientationCheck): the
        // quarter turns first, then the eighth turns when some pairs matched a quarter turn better and the references match the
        // eighth turns better still (when too few matched a quarter turn for those alone, the eighth turns decide for both).
        bool? pinnedTurns = n > 1 ? _options.TurnedCopies : false;
        bool checkTurns = pinnedTurns is null && n <= MaxTurnCheckReferences;
        bool turns = MakesTurnedCopies(n);
        List<RawFrame> frames = Tuning.FrameFlips.Augment(
            [.. views.Select(v => v.Frame)],
            n > 1 ? _options.ReferenceAugmentation : ReferenceAugmentation.None,
            turns,
            MemoryFrameLimit(n, turns),
            out List<CopyKind> kinds);
        float[] all = ExtractPatches(frames, settings, cancellationToken);
        string? orientation = pinnedTurns == true ? "quarter- and eighth-turned copies of the references in the memory (pinned)" : null;
        bool eighths = pinnedTurns == true;
        TurnChoice quarter = TurnChoice.Keep;
        int firstTurn = kinds.FindIndex(OrientationCheck.IsTurn);
        if (checkTurns)
        {
            (int turned, int pairs) = OrientationCheck.Count(all, kinds, n, r.GridWidth, r.GridHeight, _dimensions);
            quarter = OrientationCheck.ChooseQuarterTurns(turned, pairs);
            orientation = quarter switch
            {
                TurnChoice.Keep => string.Create(CultureInfo.InvariantCulture, $"quarter-turned copies added: {turned} of {pairs} reference pairs matched better turned (at least a quarter)"),
                TurnChoice.AskEighths => string.Create(CultureInfo.InvariantCulture, $"quarter-turned copies: {turned} of {pairs} reference pairs matched better turned (under a quarter, so the eighth turns decide)"),
                _ => string.Create(CultureInfo.InvariantCulture, $"quarter-turned copies not added: {turned} of {pairs} reference pairs matched better turned (under a quarter)"),
            };
            if (quarter == TurnChoice.Drop && firstTurn >= 0)
            {
                DropFrom(firstTurn);
            }

            eighths = quarter != TurnChoice.Drop;
        }

        if (eighths)
        {
            int before = frames.Count;
            int added = Tuning.FrameFlips.AddEighthTurns(frames, kinds, frames[..n], Math.Max(n, MaxTurnedFrames));
            if (added > 0)
            {
                long offset = (long)before * patchesPerImage * _dimensions;
                float[] grown = new float[(long)frames.Count * patchesPerImage * _dimensions];
                all.AsSpan(0, (int)offset).CopyTo(grown);
                all = grown;
                ExtractPatches(frames.GetRange(before, added), grown.AsSpan((int)offset), settings, cancellationToken);
                if (checkTurns)
                {
                    (int better, int pairs) = OrientationCheck.CountEighths(all, kinds, n, r.GridWidth, r.GridHeight, _dimensions);
                    bool keep = OrientationCheck.ChooseEighthTurns(better, pairs);
                    string withQuarters = quarter != TurnChoice.AskEighths ? string.Empty : keep ? ", and with them the quarter-turned ones" : ", nor the quarter-turned ones";
                    orientation += string.Create(CultureInfo.InvariantCulture, $"; eighth-turned copies {(keep ? "added" : "not added")}: {better} of {pairs} reference pairs matched better at an eighth of a turn ({(keep ? "at least" : "under")} an eighth){withQuarters}");
                    if (!keep)
                    {
                        // The eighth turns go, and with them the quarter turns when they were not chosen on their own.
                        DropFrom(quarter == TurnChoice.AskEighths && firstTurn >= 0 ? firstTurn : before);
                    }
                }
            }
        }

        // Turned copies come last (quarter turns, then eighth turns): dropping them leaves exactly the memory a profile without them
        // has, since everything below reads only the first frames.Count images' features (no copy of the rest is made).
        void DropFrom(int first)
        {
            frames.RemoveRange(first, frames.Count - first);
            kinds.RemoveRange(first, kinds.Count - first);
        }

        // The bank: every reference patch, or a greedy coreset of them when too many (from a subsample in which every image has
        // the same share when the patches outnumber the bank many times over).
        int total = frames.Count * patchesPerImage;
        int[] kept;
        if (_options.MaxMemoryBankSize > 0 && total > _options.MaxMemoryBankSize)
        {
            kept = CoresetSampler.SelectSubsampled(all, total, _dimensions, _options.MaxMemoryBankSize, groupSize: patchesPerImage, seed: 0, cancellationToken: cancellationToken);
            Array.Sort(kept);
        }
        else
        {
            kept = [.. Enumerable.Range(0, total)];
        }

        // The principal components fitted on the slot's reference patches (all of them, a rotation, for the exact search); the bank
        // and every search then use them.
        PatchProjection projection = PatchProjection.Fit(all, total, _dimensions, BankComponents, cancellationToken: cancellationToken);
        int searchDimensions = projection.OutputDimensions;
        float[] rows = projection.IsRotation ? all : new float[(long)total * searchDimensions];
        projection.Project(all, total, rows);

        // Banks are stored at half precision: round now, so that the model scores the same before and after a save.
        FeatureReferenceModelFormat.Quantize(rows);
        PatchMemoryBank bank = PatchMemorySlot.CreateBank(Gather(rows, kept, searchDimensions), kept.Length, searchDimensions, projection);

        // Calibration from normal data only: score references against a bank without them (leave-one-out), and synthetic defects
        // planted on those same references against the same bank.
        float[] distances = new float[patchesPerImage];
        List<double>[] normal = [.. rings.Select(_ => new List<double>())];
        List<double>[] defects = [.. rings.Select(_ => new List<double>())];
        int heldOut = 0, onEdge = 0, nearDuplicates = 0;
        float patchMax = 0;

        // The first candidate's score comes from ScoreAgainst; the others re-read the same patch distances.
        void Record(List<double>[] lists, double first, PreprocessGeometry geometry, float[] map)
        {
            lists[0].Add(first);
            for (int c = 1; c < rings.Length; c++)
            {
                RawMap(r, distances, geometry, map, rings[c]);
                lists[c].Add(ImageScore(map, geometry));
            }
        }

        float[] queryRows = new float[patchesPerImage * searchDimensions];
        float[] queryFeatures = new float[patchesPerImage * _dimensions];

        // With the mirrored query (never with a single reference: see Build), every calibration image is also scored mirrored, as
        // inspection will score it.
        bool mirror = settings.MirrorQuery && n > 1;
        float[] mirrorRows = mirror ? new float[patchesPerImage * searchDimensions] : [];
        float[] mirrorFeatures = mirror ? new float[patchesPerImage * _dimensions] : [];
        float[]? mirrorDistances = mirror ? new float[patchesPerImage] : null;
        bool singleReference = n == 1 && CanPlantDefects(views[0].Frame);
        if (singleReference)
        {
            // One reference: nothing to hold out, and the reference against itself (outside each patch's neighbourhood) scored
            // far above real normal parts on the development categories. Stand-ins for other normal parts are the reference shifted
            // by a few pixels with slightly changed brightness; they, and defects planted on them, are scored against the bank.
            RawFrame frame = views[0].Frame;
            PreprocessGeometry geometry = PreprocessorFor(settings).GetGeometry(frame.Width, frame.Height);
            float[] map = new float[geometry.TensorWidth * geometry.TensorHeight];
            for (int j = 0; j < SingleReferenceStandIns; j++)
            {
                RawFrame standIn = SyntheticDefects.Shift(frame, j);
                Record(normal, ScoreAgainst(QueryRows(standIn, settings, projection, queryFeatures, queryRows, cancellationToken), bank, default, searchDimensions, r, geometry, map, distances, rings[0]), geometry, map);
                patchMax = Math.Max(patchMax, TensorPrimitives.Max(distances));
                for (int d = 0; d < ThresholdDefectsPerReference; d++)
                {
                    SyntheticDefect planted = SyntheticDefects.Plant(standIn, (j * ThresholdDefectsPerReference) + d, seed: 1 + slot);
                    Record(defects, ScoreAgainst(QueryRows(planted.Frame, settings, projection, queryFeatures, queryRows, cancellationToken), bank, default, searchDimensions, r, geometry, map, distances, rings[0]), geometry, map);
                }
            }
        }
        else
        {
            foreach (int s in CalibrationIndices(n, _options.CalibrationSamples))
            {
                cancellationToken.ThrowIfCancellationRequested();
                ReadOnlySpan<float> own = rows.AsSpan(s * patchesPerImage * searchDimensions, patchesPerImage * searchDimensions);
                PatchMemoryBank? held = null;
                if (n > 1)
                {
                    // A near-duplicate of the held-out reference (a neighbouring video frame) leaves with it: otherwise it stands in for
                    // the very part being held out, and the held-out score says nothing about a new normal part.
                    bool[] twin = NearDuplicates(rows, n, patchesPerImage, searchDimensions, s);
                    nearDuplicates += twin.Count(t => t);
                    int[] others = [.. kept.Where(i => i / patchesPerImage % n is var source && source != s && !twin[source])];
                    held = PatchMemorySlot.CreateBank(Gather(rows, others, searchDimensions), others.Length, searchDimensions, projection);
                }

                RawFrame frame = views[s].Frame;
                PreprocessGeometry geometry = PreprocessorFor(settings).GetGeometry(frame.Width, frame.Height);
                float[] map = new float[geometry.TensorWidth * geometry.TensorHeight];
                ReadOnlySpan<float> ownMirrored = mirror ? MirroredQueryRows(frame, settings, projection, mirrorFeatures, mirrorRows, cancellationToken) : default;
                Record(normal, ScoreAgainst(own, ownMirrored, held, own, searchDimensions, r, geometry, map, distances, mirrorDistances, rings[0]), geometry, map);
                patchMax = Math.Max(patchMax, TensorPrimitives.Max(distances));
                heldOut++;
                onEdge += StrongestOnEdge(distances, r.GridWidth, r.GridHeight) ? 1 : 0;
                if (!CanPlantDefects(frame))
                {
                    continue;
                }

                for (int d = 0; d < ThresholdDefectsPerReference; d++)
                {
                    SyntheticDefect planted = SyntheticDefects.Plant(frame, (s * ThresholdDefectsPerReference) + d, seed: 1 + slot);
                    ReadOnlySpan<float> query = QueryRows(planted.Frame, settings, projection, queryFeatures, queryRows, mirrorFeatures, mirrorRows, out ReadOnlySpan<float> plantedMirrored, cancellationToken);
                    Record(defects, ScoreAgainst(query, plantedMirrored, held, own, searchDimensions, r, geometry, map, distances, mirrorDistances, rings[0]), geometry, map);
                }
            }
        }

        return new SlotDraft(slot, bank, projection, patchMax, n, normal, defects)
        {
            SingleReference = singleReference,
            HeldOut = heldOut,
            StrongestOnEdge = onEdge,
            NearDuplicates = nearDuplicates,
            Copies = MirrorNote(n) is { } mirrors ? (orientation is null ? mirrors : $"{mirrors}; {orientation}") : orientation,
        };
    }

    /// <summary>How much closer than the other references a near-duplicate is: a reference whose patches, position by position, lie
    /// less than this share of the median such distance from a held-out reference's patches leaves with it (video frames a few
    /// frames apart: 0.25 to 0.41 on UCSD Ped2; the closest pair per held-out photograph on the development categories: 0.55 and up,
    /// docs/accuracy.md, "Near-duplicate references").</summary>
    internal const double NearDuplicateRatio = 0.5;

    /// <summary>The references that are near-duplicates of reference <paramref name="heldOut"/>: their mean distance to it, patch by
    /// patch at the same grid position (over at most about 400 positions), is under <see cref="NearDuplicateRatio"/> of the median of
    /// that distance over all other references. With two references the other is never a near-duplicate (it is the median).</summary>
    /// <param name="rows">Patch rows of the references first (image i's patches at <c>i * patchesPerImage</c>), then any copies.</param>
    /// <param name="n">How many references (copies not counted).</param>
    /// <param name="patchesPerImage">Patches per image.</param>
    /// <param name="dimensions">Dimensions of a row.</param>
    /// <param name="heldOut">The held-out reference.</param>
    internal static bool[] NearDuplicates(ReadOnlySpan<float> rows, int n, int patchesPerImage, int dimensions, int heldOut)
    {
        bool[] twin = new bool[n];
        if (n < 3)
        {
            return twin;
        }

        int step = Math.Max(1, patchesPerImage / 400);
        double[] mean = new double[n];
        for (int j = 0; j < n; j++)
        {
            if (j == heldOut)
            {
                continue;
            }

            double sum = 0;
            int count = 0;
            for (int p = 0; p < patchesPerImage; p += step)
            {
                sum += TensorPrimitives.Distance(
                    rows.Slice(((heldOut * patchesPerImage) + p) * dimensions, dimensions),
                    rows.Slice(((j * patchesPerImage) + p) * dimensions, dimensions));
                count++;
            }

            mean[j] = sum / count;
        }

        double[] others = [.. mean.Where((_, j) => j != heldOut).Order()];
        double median = others[others.Length / 2];
        for (int j = 0; j < n; j++)
        {
            twin[j] = j != heldOut && mean[j] < NearDuplicateRatio * median;
        }

        return twin;
    }

    /// <summary>A query frame's patch features in search space: extracted into <paramref name="features"/>, then projected into
    /// <paramref name="rows"/> and rounded as the bank is when the slot has a projection.</summary>
    private ReadOnlySpan<float> QueryRows(RawFrame frame, FeatureSettings settings, PatchProjection? projection, float[] features, float[] rows, CancellationToken cancellationToken)
        => QueryRows(frame, settings, projection, features, rows, [], [], out _, cancellationToken);

    /// <summary>As above, and, when <paramref name="mirrorFeatures"/> is not empty, the same for the frame mirrored left to right into
    /// <paramref name="mirrorFeatures"/> and <paramref name="mirrorRows"/> (<paramref name="mirrored"/>), both from one backbone run.</summary>
    private ReadOnlySpan<float> QueryRows(RawFrame frame, FeatureSettings settings, PatchProjection? projection, float[] features, float[] rows, float[] mirrorFeatures, float[] mirrorRows, out ReadOnlySpan<float> mirrored, CancellationToken cancellationToken)
    {
        ExtractPatches([frame], features, mirrorFeatures, settings, cancellationToken);
        int patches = R(settings).PatchesPerImage;
        mirrored = mirrorFeatures.Length == 0 ? default : InSearchSpace(mirrorFeatures, mirrorRows, projection, patches);
        return InSearchSpace(features, rows, projection, patches);
    }

    /// <summary>The frame mirrored left to right, as <see cref="QueryRows(RawFrame, FeatureSettings, PatchProjection?, float[], float[], CancellationToken)"/>
    /// gives the frame.</summary>
    private ReadOnlySpan<float> MirroredQueryRows(RawFrame frame, FeatureSettings settings, PatchProjection? projection, float[] features, float[] rows, CancellationToken cancellationToken)
    {
        ExtractPatches([frame], default, features, settings, cancellationToken);
        return InSearchSpace(features, rows, projection, R(settings).PatchesPerImage);
    }

    /// <summary>Patch features in search space: <paramref name="features"/> itself without a projection, else projected into
    /// <paramref name="rows"/> and rounded as the bank is.</summary>
    private static ReadOnlySpan<float> InSearchSpace(float[] features, float[] rows, PatchProjection? projection, int patches)
    {
        if (projection is null)
        {
            return features;
        }

        projection.Project(features, patches, rows);
        FeatureReferenceModelFormat.Quantize(rows);
        return rows;
    }

    /// <summary>Synthetic defects need a view large enough to hold a few-pixel shape.</summary>
    private static bool CanPlantDefects(RawFrame frame) => frame.Width >= 16 && frame.Height >= 16;

    /// <summary>Scores query patches (in search space) against <paramref name="bank"/>, or, without a bank (a single reference),
    /// against <paramref name="self"/> outside each patch's 7x7 neighbourhood; leaves the patch distances in
    /// <paramref name="distances"/> and the smoothed map in <paramref name="map"/>; returns the image score.</summary>
    private double ScoreAgainst(ReadOnlySpan<float> query, PatchMemoryBank? bank, ReadOnlySpan<float> self, int dimensions, BackboneResolution r, PreprocessGeometry geometry, float[] map, float[] distances, int rings)
        => ScoreAgainst(query, default, bank, self, dimensions, r, geometry, map, distances, null, rings);

    /// <summary>As above; when <paramref name="mirroredQuery"/> (the query mirrored left to right, in search space) is not empty, each
    /// patch distance is averaged with its mirrored twin's (computed into <paramref name="mirrorDistances"/>) before the map is made,
    /// as inspection does for a model with <see cref="FeatureReasonerOptions.MirroredQuery"/>. The mirrored query needs a bank.</summary>
    private double ScoreAgainst(ReadOnlySpan<float> query, ReadOnlySpan<float> mirroredQuery, PatchMemoryBank? bank, ReadOnlySpan<float> self, int dimensions, BackboneResolution r, PreprocessGeometry geometry, float[] map, float[] distances, float[]? mirrorDistances, int rings)
    {
        int patches = r.PatchesPerImage;
        if (bank is null)
        {
            Debug.Assert(mirroredQuery.IsEmpty, "The mirrored query is only used with two references or more.");
            ExclusionDistances(query, self, dimensions, r.GridWidth, distances);
        }
        else
        {
            bank.NearestSquaredDistances(query, patches, distances, _options.SearchParallelism);
            TensorPrimitives.Sqrt(distances, distances);
            if (!mirroredQuery.IsEmpty)
            {
                ArgumentNullException.ThrowIfNull(mirrorDistances);
                Span<float> twin = mirrorDistances.AsSpan(0, patches);
                bank.NearestSquaredDistances(mirroredQuery, patches, twin, _options.SearchParallelism);
                TensorPrimitives.Sqrt(twin, twin);
                AverageWithMirror(distances.AsSpan(0, patches), twin, r.GridWidth, r.GridHeight);
            }
        }

        RawMap(r, distances, geometry, map, rings);
        return ImageScore(map, geometry);
    }
}
