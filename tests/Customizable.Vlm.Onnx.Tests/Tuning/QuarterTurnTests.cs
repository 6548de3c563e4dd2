using Customizable.Vlm.Onnx.Tuning;

namespace Customizable.Vlm.Onnx.Tests.Tuning;

/// <summary><see cref="FeatureReasonerOptions.TurnedCopies"/>: quarter- and eighth-turned copies of the references for parts that lie
/// at any angle, chosen at customization by <see cref="OrientationCheck"/>.</summary>
[Collection(SharedReasoner.Name)]
public sealed class QuarterTurnTests
{
    [Theory]
    [MemberData(nameof(ReferenceAugmentationTests.PixelFormats), MemberType = typeof(ReferenceAugmentationTests))]
    public void Quarter_turns_move_every_pixel_and_four_make_a_full_turn(PixelFormat format)
    {
        RawFrame frame = ReferenceAugmentationTests.PaddedFrame(format);
        int bpp = format.BytesPerPixel(), w = frame.Width, h = frame.Height;
        RawFrame clockwise = FrameFlips.QuarterTurn(frame, clockwise: true), anticlockwise = FrameFlips.QuarterTurn(frame, clockwise: false);

        Assert.Equal((h, w, format), (clockwise.Width, clockwise.Height, clockwise.Format));
        Assert.Equal((h, w, format), (anticlockwise.Width, anticlockwise.Height, anticlockwise.Format));
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                byte[] pixel = frame.GetRow(y).Slice(x * bpp, bpp).ToArray();
                // Clockwise, the top-left corner goes to the top-right; anticlockwise, to the bottom-left.
                Assert.Equal(pixel, clockwise.GetRow(x).Slice((h - 1 - y) * bpp, bpp).ToArray());
                Assert.Equal(pixel, anticlockwise.GetRow(w - 1 - x).Slice(y * bpp, bpp).ToArray());
            }
        }

        RawFrame full = frame;
        for (int t = 0; t < 4; t++)
        {
            full = FrameFlips.QuarterTurn(full, clockwise: true);
        }

        Assert.Equal(Packed(frame), Packed(full));
        Assert.Equal(Packed(frame), Packed(FrameFlips.QuarterTurn(clockwise, clockwise: false)));
        Assert.Equal(Packed(FrameFlips.QuarterTurn(clockwise, clockwise: true)), Packed(FrameFlips.HalfTurn(frame)));
    }

    [Theory]
    [InlineData(ReferenceAugmentation.FlipHorizontal | ReferenceAugmentation.FlipVertical, 4, 96, 24)]
    [InlineData(ReferenceAugmentation.None, 4, 96, 16)]
    [InlineData(ReferenceAugmentation.FlipHorizontal | ReferenceAugmentation.FlipVertical, 16, 96, 96)]
    [InlineData(ReferenceAugmentation.FlipHorizontal | ReferenceAugmentation.FlipVertical, 20, 96, 96)]
    [InlineData(ReferenceAugmentation.FlipHorizontal | ReferenceAugmentation.FlipVertical, 20, 160, 120)]
    [InlineData(ReferenceAugmentation.FlipHorizontal | ReferenceAugmentation.FlipVertical, 100, 100, 100)]
    public void Turned_copies_follow_the_mirrored_ones_within_the_limit_and_each_comes_from_reference_i_mod_n(ReferenceAugmentation augmentation, int references, int limit, int expected)
    {
        // Reference i is a 3 x 2 frame whose every red value is i, so any copy of it still says where it came from.
        var frames = Enumerable.Range(0, references).Select(i => RawFrame.CopyRgb24(3, 2, [.. Enumerable.Range(0, 6).SelectMany(_ => new[] { (byte)i, (byte)7, (byte)9 })])).ToList();

        List<RawFrame> result = FrameFlips.Augment(frames, augmentation, quarterTurns: true, limit, out List<CopyKind> kinds);

        Assert.Equal(expected, result.Count);
        Assert.Equal(expected, kinds.Count);
        Assert.All(Enumerable.Range(0, references), i => Assert.Equal(CopyKind.Reference, kinds[i]));
        for (int j = 0; j < result.Count; j++)
        {
            Assert.Equal(j % references, result[j].GetRow(0)[0]);
            Assert.Equal(OrientationCheck.IsTurn(kinds[j]) && kinds[j] != CopyKind.HalfTurn ? (2, 3) : (3, 2), (result[j].Width, result[j].Height));
        }

        // The turned copies come last, after every mirrored one.
        int firstTurn = kinds.FindIndex(OrientationCheck.IsTurn);
        Assert.True(firstTurn < 0 || kinds.Skip(firstTurn).All(OrientationCheck.IsTurn));
        Assert.Equal(FrameFlips.Augment(frames, augmentation, limit).Count, firstTurn < 0 ? result.Count : firstTurn);
    }

    [Fact]
    public async Task Parts_lying_at_different_angles_get_turned_copies_and_parts_lying_one_way_do_not()
    {
        Assert.Null(new FeatureReasonerOptions().TurnedCopies);

        // The synthetic parts carry a dark label in one corner, so that no turn leaves them looking the same (their stripes alone
        // look alike turned by half a turn).
        InspectionSpec oneWay = Spec(_ => 0), anyAngle = Spec(i => i % 4);

        FeatureReferenceModel aligned = await BuildAsync(oneWay, turns: null);
        FeatureReferenceModel alignedWithout = await BuildAsync(oneWay, turns: false);
        FeatureReferenceModel turned = await BuildAsync(anyAngle, turns: null);
        FeatureReferenceModel turnedWithout = await BuildAsync(anyAngle, turns: false);

        string rule = aligned.Tuning!.Thresholds[0].Rule;
        Assert.Contains("quarter-turned copies not added: 0 of 12 reference pairs", rule, StringComparison.Ordinal);
        // Not added, the memory and the threshold are exactly those of a profile that never considered the copies.
        Assert.Equal(alignedWithout.PatchCount, aligned.PatchCount);
        Assert.Equal(alignedWithout.SlotMemories[0].Calibration.Threshold, aligned.SlotMemories[0].Calibration.Threshold);
        Assert.DoesNotContain("quarter-turned", alignedWithout.Tuning!.Thresholds[0].Rule, StringComparison.Ordinal);

        Assert.Contains("quarter-turned copies added", turned.Tuning!.Thresholds[0].Rule, StringComparison.Ordinal);
        // Parts turned by whole quarter turns match their quarter-turned copies best, so the eighth-turned copies are made and dropped.
        Assert.Matches(@"eighth-turned copies not added: \d+ of 12 reference pairs matched better at an eighth of a turn \(under an eighth\)", turned.Tuning.Thresholds[0].Rule);
        Assert.Equal(4 * turnedWithout.PatchCount, turned.PatchCount);
        // The held-out references find their orientation among the others' turned copies, so they score lower.
        Assert.True(turned.Tuning.Thresholds[0].NormalScores.Average() < 0.9 * turnedWithout.Tuning!.Thresholds[0].NormalScores.Average(), $"{turned.Tuning.Thresholds[0].NormalScores.Average()} vs {turnedWithout.Tuning.Thresholds[0].NormalScores.Average()}");
    }

    [Fact]
    public async Task Parts_lying_at_eighth_turns_get_the_eighth_turned_copies_too_and_a_normal_part_at_that_angle_passes()
    {
        // References at 0, 45, 90 and 135 degrees: two pairs of them match a quarter turn apart, the rest only an eighth apart.
        InspectionSpec spec = new();
        for (int i = 0; i < 4; i++)
        {
            spec.References.Add(ImageObservation.FromFrame(FrameFlips.Turn(Labelled(SyntheticParts.Normal(41 + i).Frame), 45 * i), $"ref-{i}"));
        }

        FeatureReferenceModel auto = await BuildAsync(spec, turns: null);
        FeatureReferenceModel without = await BuildAsync(spec, turns: false);

        string rule = auto.Tuning!.Thresholds[0].Rule;
        Assert.Contains("quarter-turned copies added", rule, StringComparison.Ordinal);
        Assert.Matches(@"eighth-turned copies added: \d+ of 12 reference pairs matched better at an eighth of a turn \(at least an eighth\)", rule);
        // Each reference, three quarter turns and four eighth turns (these options add no mirrored copies).
        Assert.Equal(8 * without.PatchCount, auto.PatchCount);

        // The held-out references find their angle among the others' turned copies, so they score lower ...
        double withMean = auto.Tuning.Thresholds[0].NormalScores.Average(), withoutMean = without.Tuning!.Thresholds[0].NormalScores.Average();
        Assert.True(withMean < 0.9 * withoutMean, $"{withMean} vs {withoutMean}");

        // ... and a normal part lying at another eighth turn passes.
        var atAnAngle = ImageObservation.FromFrame(FrameFlips.Turn(Labelled(SyntheticParts.Normal(301).Frame), 225), "normal at 225 degrees");
        using var autoReasoner = new FeatureReasoner(Options(turns: null));
        var inspector = new AnomalyInspector(autoReasoner);
        AnomalyVerdict verdict = await inspector.InspectAsync(await inspector.CustomizeAsync(spec), atAnAngle);
        Assert.False(verdict.IsAnomalous, $"the part at 225 degrees scored {verdict.Score:0.000}: {verdict.Reasoning}");
    }

    [Theory]
    [MemberData(nameof(ReferenceAugmentationTests.PixelFormats), MemberType = typeof(ReferenceAugmentationTests))]
    public void A_turn_by_a_whole_quarter_moves_pixels_exactly_and_other_angles_fill_the_corners_from_the_frame_itself(PixelFormat format)
    {
        // A square frame: a quarter turn keeps its size, so Turn and QuarterTurn must agree pixel for pixel.
        int bpp = format.BytesPerPixel(), side = 7, stride = (side * bpp) + 5;
        byte[] pixels = new byte[stride * side];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)((i * 53) + 3);
        }

        var square = new RawFrame(side, side, format, pixels, stride);
        Assert.Equal(Packed(square), Packed(FrameFlips.Turn(square, 0)));
        Assert.Equal(Packed(FrameFlips.QuarterTurn(square, clockwise: true)), Packed(FrameFlips.Turn(square, 90)));
        Assert.Equal(Packed(FrameFlips.HalfTurn(square)), Packed(FrameFlips.Turn(square, 180)));
        Assert.Equal(Packed(FrameFlips.QuarterTurn(square, clockwise: false)), Packed(FrameFlips.Turn(square, 270)));

        // Turned by 45 degrees the centre stays, and a uniform frame stays uniform: the corners, which the turned frame does not
        // cover, are the frame reflected at its edges, not a fill colour.
        RawFrame turned = FrameFlips.Turn(square, 45);
        Assert.Equal((side, side, format), (turned.Width, turned.Height, turned.Format));
        Assert.Equal(square.GetRow(3).Slice(3 * bpp, bpp).ToArray(), turned.GetRow(3).Slice(3 * bpp, bpp).ToArray());
        byte[] flat = new byte[16 * 10 * bpp];
        Array.Fill(flat, (byte)77);
        Assert.All(Packed(FrameFlips.Turn(new RawFrame(16, 10, format, flat), 45)), v => Assert.Equal(77, v));

        // A frame one pixel wide has nothing to turn about: it comes back as a copy.
        var line = new RawFrame(1, 5, format, Enumerable.Range(0, 5 * bpp).Select(i => (byte)i).ToArray());
        Assert.Equal(Packed(line), Packed(FrameFlips.Turn(line, 45)));
    }

    [Theory]
    [InlineData(4, 24, 160, 40)] // two mirror images and three quarter turns of each, then four eighth turns of each
    [InlineData(4, 16, 160, 32)] // no mirrored copies
    [InlineData(16, 96, 160, 160)]
    [InlineData(20, 120, 160, 160)] // the last kind ends part way at the limit
    [InlineData(4, 23, 160, 23)] // the frames so far ended a kind part way: nothing appended
    public void Eighth_turns_are_appended_kind_by_kind_within_the_limit_and_each_comes_from_reference_i_mod_n(int references, int before, int limit, int expected)
    {
        var refs = Enumerable.Range(0, references).Select(i => RawFrame.CopyRgb24(4, 4, [.. Enumerable.Range(0, 16).SelectMany(_ => new[] { (byte)i, (byte)7, (byte)9 })])).ToList();
        var frames = Enumerable.Range(0, before).Select(j => refs[j % references]).ToList();
        var kinds = Enumerable.Range(0, before).Select(j => j < references ? CopyKind.Reference : CopyKind.FlipHorizontal).ToList();

        int added = FrameFlips.AddEighthTurns(frames, kinds, refs, limit);

        Assert.Equal(expected - before, added);
        Assert.Equal(expected, frames.Count);
        Assert.Equal(expected, kinds.Count);
        CopyKind[] order = [CopyKind.Turn45, CopyKind.Turn135, CopyKind.Turn225, CopyKind.Turn315];
        for (int j = before; j < frames.Count; j++)
        {
            // Each reference is uniform in red, so its turned copy still says where it came from.
            Assert.Equal(j % references, frames[j].GetRow(2)[2 * 3]);
            Assert.Equal(order[(j - before) / references], kinds[j]);
            Assert.True(OrientationCheck.IsEighthTurn(kinds[j]));
            Assert.False(OrientationCheck.IsTurn(kinds[j]));
        }
    }

    [Theory]
    [InlineData(0, 12, nameof(TurnChoice.Drop))] // parts photographed one way round: no pair matches better turned
    [InlineData(1, 12, nameof(TurnChoice.AskEighths))] // a few pairs: parts at any angle seen by few references; the eighth turns decide
    [InlineData(2, 12, nameof(TurnChoice.AskEighths))]
    [InlineData(3, 12, nameof(TurnChoice.Keep))] // a quarter
    [InlineData(12, 12, nameof(TurnChoice.Keep))]
    [InlineData(0, 0, nameof(TurnChoice.Drop))]
    public void The_quarter_turn_count_keeps_the_copies_lets_the_eighth_turns_decide_or_drops_them(int turned, int pairs, string expected) =>
        Assert.Equal(expected, OrientationCheck.ChooseQuarterTurns(turned, pairs).ToString());

    [Theory]
    [InlineData(0, 12, false)]
    [InlineData(1, 12, false)]
    [InlineData(2, 12, true)] // an eighth of 12 is 1.5
    [InlineData(30, 240, true)]
    [InlineData(29, 240, false)]
    [InlineData(0, 0, false)]
    public void The_eighth_turned_copies_stay_when_at_least_an_eighth_of_the_pairs_match_one_better(int better, int pairs, bool expected) =>
        Assert.Equal(expected, OrientationCheck.ChooseEighthTurns(better, pairs));

    [Fact]
    public async Task With_the_exact_search_copies_that_are_not_kept_leave_the_memory_as_it_was()
    {
        // The exact search keeps every feature as its search rows; the turned copies' features are extracted and then ignored.
        InspectionSpec oneWay = Spec(_ => 0);
        FeatureReasonerOptions checkedOptions = Options(turns: null), plainOptions = Options(turns: false);
        checkedOptions.ProjectionDimensions = plainOptions.ProjectionDimensions = 0;
        using var checkedReasoner = new FeatureReasoner(checkedOptions);
        using var plainReasoner = new FeatureReasoner(plainOptions);

        var checkedModel = (FeatureReferenceModel)(await new AnomalyInspector(checkedReasoner).CustomizeAsync(oneWay)).ReferenceModel!;
        var plainModel = (FeatureReferenceModel)(await new AnomalyInspector(plainReasoner).CustomizeAsync(oneWay)).ReferenceModel!;

        Assert.Contains("quarter-turned copies not added", checkedModel.Tuning!.Thresholds[0].Rule, StringComparison.Ordinal);
        Assert.Equal(plainModel.PatchCount, checkedModel.PatchCount);
        Assert.Equal(plainModel.Tuning!.Thresholds[0].NormalScores, checkedModel.Tuning.Thresholds[0].NormalScores);
        Assert.Equal(plainModel.SlotMemories[0].Calibration.Threshold, checkedModel.SlotMemories[0].Calibration.Threshold);
    }

    [Fact]
    public async Task With_the_copies_pinned_a_normal_part_turned_by_a_quarter_turn_passes_and_a_defect_on_it_is_still_found()
    {
        InspectionSpec spec = Spec(_ => 0);
        using var reasoner = new FeatureReasoner(Options(turns: true));
        using var plainReasoner = new FeatureReasoner(Options(turns: false));
        var inspector = new AnomalyInspector(reasoner);
        InspectionProfile pinned = await inspector.CustomizeAsync(spec);
        InspectionProfile without = await new AnomalyInspector(plainReasoner).CustomizeAsync(spec);

        Assert.Contains("quarter- and eighth-turned copies of the references in the memory (pinned)", ((FeatureReferenceModel)pinned.ReferenceModel!).Tuning!.Thresholds[0].Rule, StringComparison.Ordinal);
        var turnedNormal = ImageObservation.FromFrame(FrameFlips.QuarterTurn(Labelled(SyntheticParts.Normal(301).Frame), clockwise: true), "turned normal");
        var turnedDefect = ImageObservation.FromFrame(FrameFlips.QuarterTurn(Labelled(SyntheticParts.WithDefect(302, DefectKind.DarkBlob, 160, 176).Frame), clockwise: true), "turned defect");

        AnomalyVerdict normal = await inspector.InspectAsync(pinned, turnedNormal);
        AnomalyVerdict defect = await inspector.InspectAsync(pinned, turnedDefect);
        AnomalyVerdict normalWithout = await inspector.InspectAsync(without, turnedNormal);

        Assert.False(normal.IsAnomalous, $"turned normal part scored {normal.Score:0.000} with the copies");
        Assert.True(defect.IsAnomalous, $"defect on the turned part scored {defect.Score:0.000}");
        Assert.True(normalWithout.IsAnomalous, $"without the copies the turned normal part scored {normalWithout.Score:0.000}");
    }

    private static InspectionSpec Spec(Func<int, int> turns)
    {
        var spec = new InspectionSpec();
        for (int i = 0; i < 4; i++)
        {
            RawFrame frame = Labelled(SyntheticParts.Normal(41 + i).Frame);
            for (int t = 0; t < turns(i); t++)
            {
                frame = FrameFlips.QuarterTurn(frame, clockwise: true);
            }

            spec.References.Add(ImageObservation.FromFrame(frame, $"ref-{i}"));
        }

        return spec;
    }

    private static FeatureReasonerOptions Options(bool? turns)
    {
        FeatureReasonerOptions options = ReasonerFixture.DefaultOptions();
        options.TurnedCopies = turns;
        options.MaxMemoryBankSize = 0;
        return options;
    }

    private static async Task<FeatureReferenceModel> BuildAsync(InspectionSpec spec, bool? turns)
    {
        using var reasoner = new FeatureReasoner(Options(turns));
        return (FeatureReferenceModel)(await new AnomalyInspector(reasoner).CustomizeAsync(spec)).ReferenceModel!;
    }

    /// <summary>The part with a dark square label near its top-left corner.</summary>
    private static RawFrame Labelled(RawFrame frame)
    {
        byte[] rgb = Packed(frame);
        for (int y = 24; y < 88; y++)
        {
            for (int x = 24; x < 88; x++)
            {
                rgb.AsSpan(((y * frame.Width) + x) * 3, 3).Fill(25);
            }
        }

        return RawFrame.CopyRgb24(frame.Width, frame.Height, rgb);
    }

    private static byte[] Packed(RawFrame frame) =>
        [.. Enumerable.Range(0, frame.Height).SelectMany(y => frame.GetRow(y)[..(frame.Width * frame.BytesPerPixel)].ToArray())];
}
