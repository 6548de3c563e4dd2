using Customizable.Vlm.Onnx.Tuning;

namespace Customizable.Vlm.Onnx.Tests.Tuning;

/// <summary><see cref="FeatureReasonerOptions.ReferenceAugmentation"/>: mirrored copies of the references in the patch memory.</summary>
[Collection(SharedReasoner.Name)]
public sealed class ReferenceAugmentationTests
{
    /// <summary>Pixel formats of one, three and four bytes.</summary>
    public static TheoryData<PixelFormat> PixelFormats => new() { PixelFormat.Rgb24, PixelFormat.Gray8, PixelFormat.Bgra32 };

    [Theory]
    [MemberData(nameof(PixelFormats))]
    public void Flips_mirror_every_pixel_of_any_format_and_ignore_row_padding(PixelFormat format)
    {
        RawFrame frame = PaddedFrame(format);
        int bpp = format.BytesPerPixel(), w = frame.Width, h = frame.Height;
        RawFrame horizontal = FrameFlips.Horizontal(frame), vertical = FrameFlips.Vertical(frame);

        Assert.Equal((w, h, format), (horizontal.Width, horizontal.Height, horizontal.Format));
        Assert.Equal((w, h, format), (vertical.Width, vertical.Height, vertical.Format));
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                Assert.Equal(frame.GetRow(y).Slice(x * bpp, bpp).ToArray(), horizontal.GetRow(y).Slice((w - 1 - x) * bpp, bpp).ToArray());
                Assert.Equal(frame.GetRow(y).Slice(x * bpp, bpp).ToArray(), vertical.GetRow(h - 1 - y).Slice(x * bpp, bpp).ToArray());
            }
        }
    }

    [Theory]
    [InlineData(ReferenceAugmentation.None, 4, 4)]
    [InlineData(ReferenceAugmentation.FlipHorizontal, 4, 8)]
    [InlineData(ReferenceAugmentation.FlipHorizontal | ReferenceAugmentation.FlipVertical, 4, 12)]
    [InlineData(ReferenceAugmentation.FlipHorizontal | ReferenceAugmentation.FlipVertical, 20, 48)]
    [InlineData(ReferenceAugmentation.FlipHorizontal | ReferenceAugmentation.FlipVertical, 60, 60)]
    public void Copies_are_added_while_the_total_stays_within_the_limit_and_each_comes_from_reference_i_mod_n(ReferenceAugmentation augmentation, int references, int expected)
    {
        var frames = Enumerable.Range(0, references).Select(i => RawFrame.CopyRgb24(2, 1, [(byte)i, 0, 0, 0, 0, (byte)i])).ToList();

        List<RawFrame> result = FrameFlips.Augment(frames, augmentation, Math.Max(references, 48));

        Assert.Equal(expected, result.Count);
        for (int j = 0; j < result.Count; j++)
        {
            int source = j % references;
            // The first pixel's red value is the source index, either where it was or mirrored to the right (vertical flips of one row are identity).
            byte[] row = result[j].GetRow(0).ToArray();
            Assert.True(row[0] == source || row[3] == source, $"copy {j} does not come from reference {source}");
        }
    }

    [Fact]
    public void An_unknown_flag_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new FeatureReasonerOptions { ReferenceAugmentation = (ReferenceAugmentation)4 }.Validate());

    [Fact]
    public async Task The_copies_enlarge_the_memory_but_never_stand_in_for_the_held_out_reference()
    {
        Assert.Equal(ReferenceAugmentation.FlipHorizontal | ReferenceAugmentation.FlipVertical, new FeatureReasonerOptions().ReferenceAugmentation);

        // Mirror-symmetric references: a reference's own mirrored copy equals it, so a held-out score computed against a bank that
        // still held that copy would be about zero.
        var spec = new InspectionSpec();
        foreach (int seed in new[] { 21, 22, 23 })
        {
            spec.References.Add(ImageObservation.FromFrame(Symmetric(SyntheticParts.Normal(seed).Frame), $"ref-{seed}"));
        }

        FeatureReferenceModel plain = await BuildAsync(spec, ReferenceAugmentation.None);
        FeatureReferenceModel mirrored = await BuildAsync(spec, ReferenceAugmentation.FlipHorizontal | ReferenceAugmentation.FlipVertical);

        Assert.True(mirrored.PatchCount > plain.PatchCount, $"{mirrored.PatchCount} vs {plain.PatchCount} patches");
        IReadOnlyList<double> held = mirrored.Tuning!.Thresholds[0].NormalScores, plainHeld = plain.Tuning!.Thresholds[0].NormalScores;
        Assert.Equal(3, held.Count);
        Assert.All(held, v => Assert.True(v > 0.5 * plainHeld.Min(), $"held-out score {v} against {plainHeld.Min()} without copies"));
    }

    [Fact]
    public async Task A_single_reference_gets_no_copies()
    {
        var spec = new InspectionSpec();
        spec.References.Add(SyntheticParts.Normal(31).ToObservation("only"));

        FeatureReferenceModel plain = await BuildAsync(spec, ReferenceAugmentation.None);
        FeatureReferenceModel mirrored = await BuildAsync(spec, ReferenceAugmentation.FlipHorizontal | ReferenceAugmentation.FlipVertical);

        Assert.Equal(plain.PatchCount, mirrored.PatchCount);
        Assert.Equal(plain.SlotMemories[0].Calibration.Threshold, mirrored.SlotMemories[0].Calibration.Threshold);
    }

    [Fact]
    public async Task With_the_copies_a_part_and_its_mirror_image_score_alike_so_a_mirrored_part_is_found_only_without_them()
    {
        // Parts with stripes slanting one way: mirrored left to right they slant the other way, like a left-hand part among
        // right-hand ones (what cvlm --mirrored-copies off is for).
        var spec = new InspectionSpec();
        foreach (int seed in ReasonerFixture.ReferenceSeeds)
        {
            spec.References.Add(ImageObservation.FromFrame(Slanted(SyntheticParts.Normal(seed).Frame), $"ref-{seed}"));
        }

        RawFrame normal = Slanted(SyntheticParts.Normal(ReasonerFixture.HeldOutNormalSeeds[1]).Frame);
        RawFrame mirrored = FrameFlips.Horizontal(normal);

        (AnomalyVerdict withCopies, AnomalyVerdict mirroredWithCopies) = await InspectBothAsync(ReferenceAugmentation.FlipHorizontal | ReferenceAugmentation.FlipVertical);
        (AnomalyVerdict without, AnomalyVerdict mirroredWithout) = await InspectBothAsync(ReferenceAugmentation.None);

        // The default memory holds the references' mirror images and each query is also scored mirrored: the two verdicts are one.
        Assert.True(Math.Abs(withCopies.Score - mirroredWithCopies.Score) < 1e-5, $"{withCopies.Score} against {mirroredWithCopies.Score}");
        Assert.False(mirroredWithCopies.IsAnomalous, mirroredWithCopies.Reasoning);

        // Without copies the normal part passes and its mirror image is flagged.
        Assert.False(without.IsAnomalous, without.Reasoning);
        Assert.True(mirroredWithout.IsAnomalous, $"mirrored part scored {mirroredWithout.Score}: {mirroredWithout.Reasoning}");

        async Task<(AnomalyVerdict Normal, AnomalyVerdict Mirrored)> InspectBothAsync(ReferenceAugmentation augmentation)
        {
            FeatureReasonerOptions options = ReasonerFixture.DefaultOptions();
            options.ReferenceAugmentation = augmentation;
            options.TurnedCopies = false;
            using var reasoner = new FeatureReasoner(options);
            var inspector = new AnomalyInspector(reasoner);
            InspectionProfile profile = await inspector.CustomizeAsync(spec);
            return (await inspector.InspectAsync(profile, ImageObservation.FromFrame(normal, "normal")), await inspector.InspectAsync(profile, ImageObservation.FromFrame(mirrored, "mirrored")));
        }
    }

    private async Task<FeatureReferenceModel> BuildAsync(InspectionSpec spec, ReferenceAugmentation augmentation)
    {
        FeatureReasonerOptions options = ReasonerFixture.DefaultOptions();
        options.ReferenceAugmentation = augmentation;
        options.MaxMemoryBankSize = 0;
        // Mirrored copies alone: these mirror-symmetric parts look alike turned by half a turn, so the automatic choice would add
        // turned copies too (QuarterTurnTests).
        options.TurnedCopies = false;
        using var reasoner = new FeatureReasoner(options);
        return (FeatureReferenceModel)(await new AnomalyInspector(reasoner).CustomizeAsync(spec)).ReferenceModel!;
    }

    /// <summary>A 5 x 3 frame of <paramref name="format"/> whose rows carry 3 bytes of padding, every byte different from its
    /// neighbours.</summary>
    internal static RawFrame PaddedFrame(PixelFormat format)
    {
        int w = 5, h = 3, stride = (w * format.BytesPerPixel()) + 3;
        byte[] pixels = new byte[stride * h];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)((i * 37) + 11);
        }

        return new RawFrame(w, h, format, pixels, stride);
    }

    /// <summary>An RGB frame with bright stripes slanting up to the right laid over it.</summary>
    private static RawFrame Slanted(RawFrame frame)
    {
        int w = frame.Width, h = frame.Height;
        byte[] pixels = new byte[w * h * 3];
        for (int y = 0; y < h; y++)
        {
            ReadOnlySpan<byte> row = frame.GetRow(y);
            for (int x = 0; x < w; x++)
            {
                bool stripe = ((x + (h - y)) % 24) < 6;
                for (int c = 0; c < 3; c++)
                {
                    pixels[(((y * w) + x) * 3) + c] = stripe ? (byte)Math.Min(255, row[(x * 3) + c] + 90) : row[(x * 3) + c];
                }
            }
        }

        return RawFrame.CopyRgb24(w, h, pixels);
    }

    /// <summary>The left half mirrored onto the right half.</summary>
    private static RawFrame Symmetric(RawFrame frame)
    {
        int w = frame.Width, h = frame.Height, bpp = frame.BytesPerPixel;
        byte[] pixels = new byte[w * h * bpp];
        for (int y = 0; y < h; y++)
        {
            ReadOnlySpan<byte> row = frame.GetRow(y);
            for (int x = 0; x < w; x++)
            {
                int from = Math.Min(x, w - 1 - x);
                row.Slice(from * bpp, bpp).CopyTo(pixels.AsSpan(((y * w) + x) * bpp, bpp));
            }
        }

        return new RawFrame(w, h, frame.Format, pixels);
    }
}
