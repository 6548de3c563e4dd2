using Customizable.Vlm.Imaging;
using Customizable.Vlm.Onnx;
using Customizable.Vlm.Onnx.Tests;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Customizable.Vlm.Orleans.Tests;

/// <summary>
/// A two-silo in-process Orleans cluster whose silos run the embedded reasoner (CPU), a profile customized locally from five synthetic
/// normal parts and saved into the silos' profile folder, and the local verdicts of the query images, computed by a local inspector
/// over the same profile file.
/// </summary>
public sealed class EmbeddedClusterFixture : IAsyncLifetime
{
    public const string ProfileName = "parts";
    public const int MaxConcurrentInspections = 2;
    public const int MaxLocalWorkers = 3;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "cvlm-orleans-" + Guid.NewGuid().ToString("N"));

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public ClusterInspector Inspector { get; private set; } = null!;

    public string ImageDirectory => Path.Combine(_root, "images");

    /// <summary>The query images (PNG bytes) by name, and their local verdicts.</summary>
    public IReadOnlyList<(string Name, byte[] Png, AnomalyVerdict Local)> Queries { get; private set; } = [];

    public static FeatureReasonerOptions ReasonerOptions(FeatureReasonerOptions options)
    {
        options.Backbone = FeatureBackboneOptions.ResNet18(session: new OnnxSessionOptions { Provider = OnnxExecutionProvider.Cpu, IntraOpNumThreads = 1 });
        options.SearchParallelism = 1;
        return options;
    }

    public async Task InitializeAsync()
    {
        string profiles = Path.Combine(_root, "profiles");
        Directory.CreateDirectory(profiles);
        Directory.CreateDirectory(ImageDirectory);

        using (var reasoner = new FeatureReasoner(ReasonerOptions(new FeatureReasonerOptions())))
        {
            var local = new AnomalyInspector(reasoner);
            var spec = new InspectionSpec { ClassContext = "synthetic striped part" };
            foreach (int seed in new[] { 1, 2, 3, 4, 5 })
            {
                spec.References.Add(SyntheticParts.Normal(seed).ToObservation($"normal-{seed}"));
            }

            string path = Path.Combine(profiles, ProfileName + ".cvlm");
            await local.SaveProfileAsync(await local.CustomizeAsync(spec), path);
            InspectionProfile loaded = await local.LoadProfileAsync(path);

            var queries = new List<(string, byte[], AnomalyVerdict)>();
            SyntheticImage[] images =
            [
                SyntheticParts.Normal(201),
                SyntheticParts.Normal(202),
                SyntheticParts.WithDefect(301, DefectKind.DarkBlob, 90, 140),
                SyntheticParts.WithDefect(302, DefectKind.Scratch, 160, 80),
                SyntheticParts.WithDefect(303, DefectKind.ColourSpot, 60, 60),
            ];
            for (int i = 0; i < images.Length; i++)
            {
                string name = $"query-{i}.png";
                byte[] png = FrameEncoding.ToPng(images[i].Frame);
                await File.WriteAllBytesAsync(Path.Combine(ImageDirectory, name), png);
                queries.Add((name, png, await local.InspectAsync(loaded, ImageObservation.FromBytes(png, name))));
            }

            Queries = queries;
        }

        var builder = new InProcessTestClusterBuilder(2);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddCustomizableVlm().AddEmbeddedReasoner(o => ReasonerOptions(o));
            silo.AddCvlmInspection(o =>
            {
                o.ProfileDirectory = profiles;
                o.ImageDirectory = ImageDirectory;
                o.MaxConcurrentInspections = MaxConcurrentInspections;
                o.AdmissionTimeout = TimeSpan.FromMinutes(2);
                o.MaxLocalWorkers = MaxLocalWorkers;
            });
        });
        builder.ConfigureClient(client => client.AddCvlmInspectionClient());
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        Inspector = Cluster.Client.ServiceProvider.GetRequiredService<ClusterInspector>();
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow shutdown: the temp folder is cleaned by the system.
        }
    }
}
