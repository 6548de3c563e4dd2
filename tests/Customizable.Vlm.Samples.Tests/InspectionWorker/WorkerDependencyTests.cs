using System.Reflection;
using InspectionWorker;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Customizable.Vlm.Samples.Tests.InspectionWorker;

/// <summary>The worker builds on the Microsoft.Extensions.* line the libraries pin (Directory.Packages.props): a package of a newer
/// major (the health checks 11.0.0 once did) pulls that major's abstractions into a copied app beside the pinned ones.</summary>
public class WorkerDependencyTests
{
    [Fact]
    public void The_worker_its_health_checks_and_the_libraries_reference_one_major_version_of_Microsoft_Extensions()
    {
        Assembly[] assemblies =
        [
            typeof(WorkerApp).Assembly,
            typeof(HealthCheckServiceOptions).Assembly,
            typeof(HealthCheckResult).Assembly,
            typeof(Host).Assembly,
            typeof(AnomalyInspector).Assembly,
        ];

        var extensions = assemblies
            .SelectMany(a => a.GetReferencedAssemblies().Append(a.GetName()))
            .Where(n => n.Name!.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal))
            .DistinctBy(n => (n.Name, n.Version))
            .ToList();

        Assert.Contains(extensions, n => n.Name == "Microsoft.Extensions.Diagnostics.HealthChecks");
        int expected = typeof(Microsoft.Extensions.Options.IOptions<>).Assembly.GetName().Version!.Major;
        Assert.All(extensions, n => Assert.True(n.Version!.Major == expected, $"{n.Name} {n.Version} is not on major version {expected}"));
    }
}
