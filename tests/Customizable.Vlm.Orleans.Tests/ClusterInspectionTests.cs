using Customizable.Vlm.Orleans.Silo;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace Customizable.Vlm.Orleans.Tests;

public sealed class ClusterInspectionTests(EmbeddedClusterFixture fixture) : IClassFixture<EmbeddedClusterFixture>
{
    [Fact]
    public async Task Concurrent_inspections_through_two_silos_give_verdicts_bit_identical_to_local_inspection()
    {
        // Every query three times, all at once: more calls than the two silos admit together, so some wait for a slot.
        var calls = fixture.Queries
            .SelectMany(q => Enumerable.Range(0, 3).Select(_ => (q.Local, Call: fixture.Inspector.InspectAsync(EmbeddedClusterFixture.ProfileName, q.Png, q.Name))))
            .ToList();
        await Task.WhenAll(calls.Select(c => c.Call));

        foreach (var (local, call) in calls)
        {
            AssertSame(local, await call);
        }

        Assert.Contains(fixture.Queries, q => q.Local.IsAnomalous == true);
        Assert.Contains(fixture.Queries, q => q.Local.IsAnomalous == false);
        string[] silos = [.. calls.Select(c => c.Call.Result.Silo).Distinct()];
        Assert.Equal(2, silos.Length);

        // Each silo parsed the profile once, however many inspections it ran.
        foreach (var silo in fixture.Cluster.Silos)
        {
            Assert.Equal(1, silo.ServiceProvider.GetRequiredService<SiloProfileCache>().LoadsOf(EmbeddedClusterFixture.ProfileName));
        }
    }

    [Fact]
    public async Task An_image_named_by_a_path_under_the_silos_image_directory_gives_the_same_verdict_as_its_bytes()
    {
        var query = fixture.Queries[2];

        InspectionVerdict verdict = await fixture.Inspector.InspectFileAsync(EmbeddedClusterFixture.ProfileName, query.Name);

        AssertSame(query.Local, verdict);
        Assert.Equal(query.Name, verdict.Name);
    }

    [Fact]
    public async Task A_path_outside_the_silos_image_directory_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() =>
            fixture.Inspector.InspectFileAsync(EmbeddedClusterFixture.ProfileName, Path.Combine("..", "profiles", EmbeddedClusterFixture.ProfileName + ".cvlm")));
    }

    [Fact]
    public async Task An_image_path_that_does_not_exist_gives_the_typed_observation_error_from_the_silo()
    {
        await Assert.ThrowsAnyAsync<InvalidObservationException>(() =>
            fixture.Inspector.InspectFileAsync(EmbeddedClusterFixture.ProfileName, "no-such-image.png"));
    }

    [Fact]
    public async Task A_profile_that_does_not_exist_gives_ProfileNotFoundException_with_its_name()
    {
        // Several names and calls: the profile grains and the workers land on both silos, so the answer also crosses silos.
        for (int i = 0; i < 6; i++)
        {
            string name = $"no-such-profile-{i % 3}";
            var error = await Assert.ThrowsAsync<ProfileNotFoundException>(() =>
                fixture.Inspector.InspectAsync(name, fixture.Queries[0].Png, "q"));

            Assert.Equal(name, error.ProfileName);
            Assert.Contains(name, error.Message, StringComparison.Ordinal);
            Assert.IsAssignableFrom<CustomizableVlmException>(error);
        }
    }

    [Fact]
    public async Task Bytes_that_are_not_an_image_give_the_typed_observation_error_from_the_silo()
    {
        await Assert.ThrowsAnyAsync<InvalidObservationException>(() =>
            fixture.Inspector.InspectAsync(EmbeddedClusterFixture.ProfileName, "not an image at all"u8.ToArray(), "junk"));
    }

    [Fact]
    public void The_inspection_workers_max_local_activations_come_from_the_options()
    {
        var manifest = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<IClusterManifestProvider>().Current;

        var worker = Assert.Single(
            manifest.Silos.Values.SelectMany(m => m.Grains.Values).Where(p => p.Properties.Values.Any(v => v.Contains("InspectionGrain", StringComparison.Ordinal)))
                .DistinctBy(p => p.Properties[InspectionWorkerProperties.MaxLocalWorkersKey]));
        Assert.Equal(EmbeddedClusterFixture.MaxLocalWorkers.ToString(System.Globalization.CultureInfo.InvariantCulture), worker.Properties[InspectionWorkerProperties.MaxLocalWorkersKey]);
    }

    private static void AssertSame(AnomalyVerdict local, InspectionVerdict remote)
    {
        Assert.Equal(local.Score, remote.Score);
        Assert.Equal(local.IsAnomalous, remote.IsAnomalous);
        Assert.Equal(local.AdditionalProperties![VerdictPropertyNames.RawScore], remote.RawScore);
        Assert.Equal(local.AdditionalProperties![VerdictPropertyNames.RawThreshold], remote.RawThreshold);
        Assert.NotNull(remote.RawThreshold);
        Assert.Equal(local.Reasoning, remote.Reasoning);
        Assert.Equal(local.Status, remote.Status);
        Assert.Equal(local.Regions.Count, remote.Regions.Count);
        for (int i = 0; i < local.Regions.Count; i++)
        {
            AnomalyRegion expected = local.Regions[i];
            InspectionRegion actual = remote.Regions[i];
            Assert.Equal(expected.Box, new PixelRect(actual.X, actual.Y, actual.Width, actual.Height));
            Assert.Equal(expected.Mask?.CountSet() ?? expected.Box.Area, actual.PixelCount);
            Assert.Equal(expected.Score, actual.Score);
            Assert.Equal(expected.AreaFraction, actual.AreaFraction);
        }
    }
}
