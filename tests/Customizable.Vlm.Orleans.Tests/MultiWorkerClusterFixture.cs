using Customizable.Vlm.Imaging;
using Customizable.Vlm.Onnx.Tests;
using Orleans.TestingHost;

namespace Customizable.Vlm.Orleans.Tests;

/// <summary>A one-silo cluster that keeps up to <see cref="MaxLocalWorkers"/> activations of a worker key, over a
/// <see cref="CallTrackingReasoner"/>, with a <see cref="ClusterInspector"/> that puts every call on one key.</summary>
public sealed class MultiWorkerClusterFixture : IAsyncLifetime
{
    public const string ProfileName = "multi";

    public const int MaxLocalWorkers = 4;

    private readonly string _root = OneSiloCluster.NewProfileFolder();

    public CallTrackingReasoner Reasoner { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    /// <summary>Every call on worker key 0, so concurrent calls make the silo activate the key several times.</summary>
    public ClusterInspector OneKeyInspector { get; private set; } = null!;

    public byte[] Image { get; } = FrameEncoding.ToPng(SyntheticParts.Normal(7).Frame);

    public async Task InitializeAsync()
    {
        Cluster = await OneSiloCluster.StartAsync(Reasoner, _root, ProfileName, o =>
        {
            o.MaxConcurrentInspections = 16;
            o.MaxLocalWorkers = MaxLocalWorkers;
        });
        OneKeyInspector = new ClusterInspector(Cluster.Client, workerKeys: 1);
    }

    public async Task DisposeAsync()
    {
        Reasoner.ReleaseAll();
        await OneSiloCluster.StopAsync(Cluster, _root);
    }
}
