using Customizable.Vlm.Onnx.Tests;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Customizable.Vlm.Orleans.Tests;

/// <summary>Starts and stops the one-silo test clusters of the fixtures whose reasoner the tests hold: a profile customized from one
/// synthetic part is written to a temporary folder, and the silo serves it with the given inspection options.</summary>
internal static class OneSiloCluster
{
    public static string NewProfileFolder() => Path.Combine(Path.GetTempPath(), "cvlm-orleans-" + Guid.NewGuid().ToString("N"));

    public static async Task<InProcessTestCluster> StartAsync(IAnomalyReasoner reasoner, string root, string profileName, Action<CvlmInspectionOptions> configure)
    {
        Directory.CreateDirectory(root);
        var local = new AnomalyInspector(reasoner);
        var spec = new InspectionSpec { ClassContext = "synthetic striped part" };
        spec.References.Add(SyntheticParts.Normal(1).ToObservation("normal-1"));
        await local.SaveProfileAsync(await local.CustomizeAsync(spec), Path.Combine(root, profileName + ".cvlm"));

        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddCustomizableVlm().AddReasoner(_ => reasoner);
            silo.AddCvlmInspection(o =>
            {
                o.ProfileDirectory = root;
                configure(o);
            });
        });
        builder.ConfigureClient(client => client.AddCvlmInspectionClient());
        InProcessTestCluster cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    public static async Task StopAsync(InProcessTestCluster? cluster, string root)
    {
        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }

        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // Cleaned by the system.
        }
    }
}
