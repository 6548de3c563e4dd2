namespace Customizable.Vlm.Onnx.Tests;

/// <summary>
/// Held-out calibration leaves a reference's near-duplicates (neighbouring video frames, the same part photographed twice) out of the
/// memory with it, so that the held-out score stands for a new normal part rather than for a part the memory already holds.
/// </summary>
[Collection(SharedReasoner.Name)]
public sealed class NearDuplicateTests
{
    [Fact]
    public void A_reference_much_closer_than_the_others_position_by_position_is_a_near_duplicate_and_nothing_else_is()
    {
        const int n = 5, patches = 64, dims = 8;
        var random = new Random(7);
        float[] rows = new float[n * patches * dims];
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i] = (float)random.NextDouble();
        }

        // Reference 3 is reference 0 with a little noise; reference 4 is half-way between 0 and 1 (closer than the rest, not a twin).
        for (int i = 0; i < patches * dims; i++)
        {
            rows[(3 * patches * dims) + i] = rows[i] + (0.02f * (float)random.NextDouble());
            rows[(4 * patches * dims) + i] = (0.5f * rows[i]) + (0.5f * rows[(patches * dims) + i]);
        }

        Assert.Equal([false, false, false, true, false], FeatureReasoner.NearDuplicates(rows, n, patches, dims, heldOut: 0));
        Assert.Equal([true, false, false, false, false], FeatureReasoner.NearDuplicates(rows, n, patches, dims, heldOut: 3));
        Assert.DoesNotContain(true, FeatureReasoner.NearDuplicates(rows, n, patches, dims, heldOut: 1));

        // Two references: the other one is the median itself and never leaves.
        Assert.DoesNotContain(true, FeatureReasoner.NearDuplicates(rows, 2, patches, dims, heldOut: 0));
    }

    [Fact]
    public async Task A_reference_given_twice_leaves_the_memory_with_its_twin_and_the_threshold_evidence_says_so()
    {
        using var reasoner = new FeatureReasoner(ReasonerFixture.DefaultOptions());
        var inspector = new AnomalyInspector(reasoner);

        InspectionProfile plain = await inspector.CustomizeAsync(ReasonerFixture.NewSpec());
        FeatureThresholdEvidence plainEvidence = Assert.IsType<FeatureReferenceModel>(plain.ReferenceModel).Tuning!.Thresholds[0];
        Assert.DoesNotContain("near-duplicate", plainEvidence.Rule, StringComparison.Ordinal);

        // The same references with the first two given twice: each copy is an exact twin of its original.
        InspectionSpec twice = ReasonerFixture.NewSpec();
        twice.References.Add(SyntheticParts.Normal(ReasonerFixture.ReferenceSeeds[0]).ToObservation("ref-again-0"));
        twice.References.Add(SyntheticParts.Normal(ReasonerFixture.ReferenceSeeds[1]).ToObservation("ref-again-1"));
        InspectionProfile withTwins = await inspector.CustomizeAsync(twice);
        FeatureThresholdEvidence evidence = Assert.IsType<FeatureReferenceModel>(withTwins.ReferenceModel).Tuning!.Thresholds[0];

        // Seven references, all held out: both originals and both copies leave with their twin.
        Assert.Contains("; 4 near-duplicate reference view(s) left out with the held-out one(s)", evidence.Rule, StringComparison.Ordinal);

        // Scored against a memory that still held its twin, a held-out copy would score about 0 (its every patch is in the memory);
        // left out together, every held-out score is of the order of the plain profile's.
        Assert.Equal(7, evidence.NormalScores.Count);
        Assert.True(
            evidence.NormalScores.Min() > 0.5 * plainEvidence.NormalScores.Min(),
            $"held-out scores {string.Join(", ", evidence.NormalScores)} against the plain profile's {string.Join(", ", plainEvidence.NormalScores)}");
    }
}
