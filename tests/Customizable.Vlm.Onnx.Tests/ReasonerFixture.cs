using System.Collections.Concurrent;

namespace Customizable.Vlm.Onnx.Tests;

/// <summary>
/// One CPU reasoner, one inspector and one profile customized from five synthetic normal parts, shared by every test of the
/// <see cref="SharedReasoner"/>. Verdicts of the standard queries are computed once and cached.
/// </summary>
public sealed class ReasonerFixture : IDisposable
{
    public static readonly int[] ReferenceSeeds = [1, 2, 3, 4, 5];
    public static readonly int[] HeldOutNormalSeeds = [201, 202, 203];

    private readonly ConcurrentDictionary<string, Lazy<Task<AnomalyVerdict>>> _verdicts = new();
    private readonly Lazy<Task<InspectionProfile>> _profile;

    public ReasonerFixture()
    {
        Reasoner = new FeatureReasoner(DefaultOptions());
        Inspector = new AnomalyInspector(Reasoner);
        _profile = new(() => Inspector.CustomizeAsync(NewSpec()));
    }

    public FeatureReasoner Reasoner { get; }

    public AnomalyInspector Inspector { get; }

    /// <summary>The default options on the CPU, with the backbone at its 224 x 224 export size: these tests check behaviour on small
    /// synthetic parts and run 4x faster there; <see cref="InputResolutionTests"/> covers the default size.</summary>
    public static FeatureReasonerOptions DefaultOptions()
    {
        var options = new FeatureReasonerOptions
        {
            Backbone = FeatureBackboneOptions.ResNet18(session: ResNet18Fixture.CpuOptions()),
            SearchParallelism = 2,
        };
        (options.Backbone.InputWidth, options.Backbone.InputHeight) = (224, 224);

        // Without mirrored copies: on these striped synthetic parts the copies lowered the threshold until a held-out normal part
        // (seed 201) was flagged at its bottom edge, and they double an 8-reference profile. The copies are tested in
        // ReferenceAugmentationTests and, with the other defaults, on real data (TireAccuracyTests).
        options.ReferenceAugmentation = ReferenceAugmentation.None;

        // Edge rings pinned to 0: the automatic choice picks 1 on these striped parts (their held-out references are strongest on
        // the grid's edge, EdgePatchTests), and then the same held-out normal part (seed 201) is flagged at its bottom edge, the
        // second ring (score 0.554). The automatic choice is tested in EdgePatchTests and measured on real data (docs/accuracy.md).
        options.EdgePatchRings = 0;
        return options;
    }

    public static InspectionSpec NewSpec(params NormalityRule[] rules)
    {
        var spec = new InspectionSpec { ClassContext = "synthetic striped part" };
        foreach (int seed in ReferenceSeeds)
        {
            spec.References.Add(SyntheticParts.Normal(seed).ToObservation($"normal-{seed}"));
        }

        foreach (NormalityRule rule in rules)
        {
            spec.NormalityRules.Add(rule);
        }

        return spec;
    }

    /// <summary>The standard defective queries: each kind at its own place on its own seed.</summary>
    public static IReadOnlyList<(DefectKind Kind, SyntheticImage Image)> DefectQueries { get; } =
    [
        (DefectKind.Scratch, SyntheticParts.WithDefect(101, DefectKind.Scratch, 80, 70)),
        (DefectKind.DarkBlob, SyntheticParts.WithDefect(102, DefectKind.DarkBlob, 175, 80)),
        (DefectKind.BrightBlob, SyntheticParts.WithDefect(103, DefectKind.BrightBlob, 90, 170)),
        (DefectKind.MissingPiece, SyntheticParts.WithDefect(104, DefectKind.MissingPiece, 170, 175)),
        (DefectKind.ColourSpot, SyntheticParts.WithDefect(105, DefectKind.ColourSpot, 128, 128)),
    ];

    public static SyntheticImage Defect(DefectKind kind) => DefectQueries.Single(q => q.Kind == kind).Image;

    public Task<InspectionProfile> GetProfileAsync() => _profile.Value;

    /// <summary>Inspects <paramref name="query"/> with both inspectors and asserts the same score and map (a setting that travels with
    /// the profile is applied whatever the inspecting reasoner's options say); returns the first inspector's verdict.</summary>
    public static async Task<AnomalyVerdict> AssertInspectedAlikeAsync(AnomalyInspector first, AnomalyInspector second, InspectionProfile profile, SyntheticImage query)
    {
        AnomalyVerdict a = await first.InspectAsync(profile, query.ToObservation("q"));
        AnomalyVerdict b = await second.InspectAsync(profile, query.ToObservation("q"));
        Assert.Equal(a.Score, b.Score);
        Assert.Equal(a.AnomalyMaps[0].GridValues, b.AnomalyMaps[0].GridValues);
        return a;
    }

    /// <summary>The verdict for a standard defect query, computed once.</summary>
    public Task<AnomalyVerdict> InspectDefectAsync(DefectKind kind) =>
        Cached($"defect-{kind}", Defect(kind));

    /// <summary>The verdict for a held-out normal part, computed once.</summary>
    public Task<AnomalyVerdict> InspectNormalAsync(int seed) =>
        Cached($"normal-{seed}", SyntheticParts.Normal(seed));

    /// <summary>Writes <paramref name="model"/> with the shared reasoner and reads it back, as saving and loading a profile does.</summary>
    public FeatureReferenceModel SaveAndRead(FeatureReferenceModel model)
    {
        using var stream = new MemoryStream();
        Reasoner.Write(model, stream);
        stream.Position = 0;
        return Assert.IsType<FeatureReferenceModel>(Reasoner.Read(stream));
    }

    public void Dispose() => Reasoner.Dispose();

    private Task<AnomalyVerdict> Cached(string key, SyntheticImage image) =>
        _verdicts.GetOrAdd(key, k => new Lazy<Task<AnomalyVerdict>>(async () =>
            await Inspector.InspectAsync(await GetProfileAsync(), image.ToObservation(k)))).Value;
}

[CollectionDefinition(Name)]
public sealed class SharedReasoner : ICollectionFixture<ReasonerFixture>
{
    public const string Name = "Shared CPU reasoner";
}
