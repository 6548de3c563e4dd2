using Orleans.Runtime;

namespace Customizable.Vlm.Orleans.Tests;

public sealed class MultiWorkerCancellationTests(MultiWorkerClusterFixture fixture) : IClassFixture<MultiWorkerClusterFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Each_of_several_calls_running_on_different_activations_of_one_worker_key_is_cancelled_by_its_own_callers_token()
    {
        string[] names = ["call-a", "call-b", "call-c", "call-d"];
        var tokens = names.ToDictionary(n => n, _ => new CancellationTokenSource());
        var calls = names.ToDictionary(n => n, n => fixture.OneKeyInspector.InspectAsync(MultiWorkerClusterFixture.ProfileName, fixture.Image, n, tokens[n].Token));
        try
        {
            await Task.WhenAll(names.Select(fixture.Reasoner.Entered)).WaitAsync(Patience);

            // The silo runs the four held calls of the one key on more than one activation: the case Orleans' own call cancellation can
            // deliver to the wrong activation.
            var management = fixture.Cluster.Client.GetGrain<IManagementGrain>(0);
            SimpleGrainStatistic[] statistics = await management.GetSimpleGrainStatistics();
            int activations = statistics.Where(s => s.GrainType.Contains("InspectionGrain", StringComparison.Ordinal)).Sum(s => s.ActivationCount);
            Assert.InRange(activations, 2, MultiWorkerClusterFixture.MaxLocalWorkers);

            // Cancel all but the last, one at a time: each held call must see its own cancellation, the others must stay held.
            foreach (string name in names[..^1])
            {
                await tokens[name].CancelAsync();
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => calls[name].WaitAsync(Patience));
                await fixture.Reasoner.Cancelled(name).WaitAsync(Patience);
            }

            Assert.False(fixture.Reasoner.Cancelled(names[^1]).IsCompleted);
            Assert.False(calls[names[^1]].IsCompleted);
        }
        finally
        {
            fixture.Reasoner.ReleaseAll();
            foreach (CancellationTokenSource source in tokens.Values)
            {
                source.Dispose();
            }
        }

        InspectionVerdict last = await calls[names[^1]].WaitAsync(Patience);
        Assert.Equal("released call-d", last.Reasoning);
    }
}
