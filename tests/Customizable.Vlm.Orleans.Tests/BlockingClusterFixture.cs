using Customizable.Vlm.Imaging;
using Customizable.Vlm.Onnx.Tests;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Customizable.Vlm.Orleans.Tests;

/// <summary>A one-silo cluster that admits one inspection at a time and refuses the next at once, over a <see cref="BlockingReasoner"/>
/// the tests hold and release.</summary>
public sealed class BlockingClusterFixture : IAsyncLifetime
{
    public const string ProfileName = "blocking";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "cvlm-orleans-" + Guid.NewGuid().ToString("N"));

    public BlockingReasoner Reasoner { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public ClusterInspector Inspector { get; private set; } = null!;

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
                o.MaxConcurrentInspections = 1;
                o.AdmissionTimeout = TimeSpan.Zero;
            });
        });
        builder.ConfigureClient(client => client.AddCvlmInspectionClient());
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        Inspector = Cluster.Client.ServiceProvider.GetRequiredService<ClusterInspector>();
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
