using Customizable.Vlm.Imaging;
using Customizable.Vlm.Onnx.Tests;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Customizable.Vlm.Orleans.Tests;

/// <summary>A one-silo cluster that admits one inspection at a time and refuses the next at once, over a <see cref="BlockingReasoner"/>
/// the tests hold and release.</summary>
public sealed class BlockingClusterFixture : IAsyncLifetime
{
    public const string ProfileName = "blocking";

    private readonly string _root = OneSiloCluster.NewProfileFolder();

    public BlockingReasoner Reasoner { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public ClusterInspector Inspector { get; private set; } = null!;

    public byte[] Image { get; } = FrameEncoding.ToPng(SyntheticParts.Normal(7).Frame);

    public async Task InitializeAsync()
    {
        Cluster = await OneSiloCluster.StartAsync(Reasoner, _root, ProfileName, o =>
        {
            o.MaxConcurrentInspections = 1;
            o.AdmissionTimeout = TimeSpan.Zero;
        });
        Inspector = Cluster.Client.ServiceProvider.GetRequiredService<ClusterInspector>();
    }

    public async Task DisposeAsync()
    {
        Reasoner.ReleaseAll();
        await OneSiloCluster.StopAsync(Cluster, _root);
    }
}
