namespace Customizable.Vlm.Orleans.Tests;

public sealed class BackPressureTests(BlockingClusterFixture fixture) : IClassFixture<BlockingClusterFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_saturated_silo_refuses_the_next_inspection_with_InspectionRejectedException_and_admits_again_once_a_slot_frees()
    {
        fixture.Reasoner.Block();
        Task<InspectionVerdict> first = fixture.Inspector.InspectAsync(BlockingClusterFixture.ProfileName, fixture.Image, "first");
        InspectionRejectedException rejected;
        try
        {
            await fixture.Reasoner.Entered.WaitAsync(Patience);

            rejected = await Assert.ThrowsAsync<InspectionRejectedException>(() =>
                fixture.Inspector.InspectAsync(BlockingClusterFixture.ProfileName, fixture.Image, "second"));
            Assert.Equal(1, rejected.MaxConcurrentInspections);
            Assert.False(string.IsNullOrEmpty(rejected.Silo));
            Assert.IsAssignableFrom<CustomizableVlmException>(rejected);
            Assert.False(first.IsCompleted);
        }
        finally
        {
            fixture.Reasoner.ReleaseAll();
        }

        InspectionVerdict verdict = await first.WaitAsync(Patience);
        Assert.Equal("released", verdict.Reasoning);
        Assert.Equal(rejected.Silo, verdict.Silo);

        // The slot is free again: the next inspection is admitted (the reasoner is released, so it passes straight through).
        InspectionVerdict again = await fixture.Inspector.InspectAsync(BlockingClusterFixture.ProfileName, fixture.Image, "third").WaitAsync(Patience);
        Assert.Equal(0.25, again.Score);
    }

    [Fact]
    public async Task Cancelling_the_callers_token_cancels_the_inspection_on_the_silo_and_frees_its_slot()
    {
        fixture.Reasoner.Block();
        using var cancellation = new CancellationTokenSource();
        Task<InspectionVerdict> call = fixture.Inspector.InspectAsync(BlockingClusterFixture.ProfileName, fixture.Image, "cancelled", cancellation.Token);
        try
        {
            await fixture.Reasoner.Entered.WaitAsync(Patience);

            await cancellation.CancelAsync();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(Patience));
            await fixture.Reasoner.Cancelled.WaitAsync(Patience);
        }
        finally
        {
            fixture.Reasoner.ReleaseAll();
        }

        InspectionVerdict next = await RetryWhileRejectedAsync(() => fixture.Inspector.InspectAsync(BlockingClusterFixture.ProfileName, fixture.Image, "after"));
        Assert.Equal("released", next.Reasoning);
    }

    /// <summary>The silo frees the cancelled call's slot when its task unwinds, a moment after the caller saw the cancellation.</summary>
    private static async Task<InspectionVerdict> RetryWhileRejectedAsync(Func<Task<InspectionVerdict>> call)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                return await call().WaitAsync(Patience);
            }
            catch (InspectionRejectedException) when (attempt < 50)
            {
                await Task.Delay(100);
            }
        }
    }
}
