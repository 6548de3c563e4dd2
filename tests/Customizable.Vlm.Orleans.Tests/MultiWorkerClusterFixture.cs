using Customizable.Vlm.Imaging;
using Customizable.Vlm.Onnx.Tests;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Customizable.Vlm.Orleans.Tests;

/// <summary>A one-silo cluster that keeps up to <see cref="MaxLocalWorkers"/> activations of a worker key, over a
/// <see cref="CallTrackingReasoner"/>, with a <see cref="ClusterInspector"/> that puts every call on one key.</summary>
public sealed class MultiWorkerClusterFixture : IAsyncLifetime
{
    public const string ProfileName = "multi";

    public const int MaxLocalWorkers = 4;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "cvlm-orleans-" + Guid.NewGuid().ToString("N"));

    public CallTrackingReasoner Reasoner { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    /// <summary>Every call on worker key 0, so concurrent calls make the silo activate the key several times.</summary>
    public ClusterInspector OneKeyInspector { get; private set; } = null!;

    public byte[] Image { get; } = FrameEncoding.ToPng(SyntheticParts.Normal(7).Frame);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        var local = new AnomalyInspector(Reasoner);
        var spec = new InspectionSpec { ClassContext = "synthetic striped part" };
        spec.References.Add(SyntheticParts.Normal(1).ToObservation("normal-1"));
        await local.SaveProfileAsync(await local.CustomizeAsync(spec), Path.Combine(_root, ProfileName + ".cvlm"));

        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddCustomizableVlm().AddReasoner(_ => Reasoner);
            silo.AddCvlmInspection(o =>
            {
                o.ProfileDirectory = _root;
                o.MaxConcurrentInspections = 16;
                o.MaxLocalWorkers = MaxLocalWorkers;
            });
        });
        builder.ConfigureClient(client => client.AddCvlmInspectionClient());
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        OneKeyInspector = new ClusterInspector(Cluster.Client, workerKeys: 1);
    }

    public async Task DisposeAsync()
    {
        Reasoner.ReleaseAll();
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
            // Cleaned by the system.
        }
    }
}
