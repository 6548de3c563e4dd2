using Customizable.Vlm.Orleans.Silo;

namespace Customizable.Vlm.Orleans.Tests.Silo;

public class InspectionCallsTests
{
    [Fact]
    public void Cancel_with_a_running_calls_id_cancels_that_call_only()
    {
        var calls = new InspectionCalls(TimeProvider.System);
        Guid first = Guid.NewGuid();
        using InspectionCalls.Call a = calls.Begin(first, CancellationToken.None);
        using InspectionCalls.Call b = calls.Begin(Guid.NewGuid(), CancellationToken.None);

        calls.Cancel(first);

        Assert.True(a.Token.IsCancellationRequested);
        Assert.False(b.Token.IsCancellationRequested);
    }

    [Fact]
    public void The_callers_token_still_cancels_the_call()
    {
        var calls = new InspectionCalls(TimeProvider.System);
        using var caller = new CancellationTokenSource();
        using InspectionCalls.Call call = calls.Begin(Guid.NewGuid(), caller.Token);

        caller.Cancel();

        Assert.True(call.Token.IsCancellationRequested);
    }

    [Fact]
    public void A_cancellation_that_arrives_before_its_call_begins_cancels_the_call_when_it_begins()
    {
        var calls = new InspectionCalls(TimeProvider.System);
        Guid id = Guid.NewGuid();

        calls.Cancel(id);
        using InspectionCalls.Call call = calls.Begin(id, CancellationToken.None);

        Assert.True(call.Token.IsCancellationRequested);
    }

    [Fact]
    public void An_early_cancellation_is_forgotten_after_its_lifetime()
    {
        var time = new ManualTime();
        var calls = new InspectionCalls(time);
        Guid id = Guid.NewGuid();
        calls.Cancel(id);

        time.Advance(InspectionCalls.EarlyCancellationLifetime + TimeSpan.FromSeconds(1));
        calls.Cancel(Guid.NewGuid()); // any later cancellation sweeps the expired ids
        using InspectionCalls.Call call = calls.Begin(id, CancellationToken.None);

        Assert.False(call.Token.IsCancellationRequested);
    }

    [Fact]
    public void Ended_calls_are_unregistered_and_a_late_cancellation_does_not_throw()
    {
        var calls = new InspectionCalls(TimeProvider.System);
        Guid id = Guid.NewGuid();
        InspectionCalls.Call call = calls.Begin(id, CancellationToken.None);
        Assert.Equal(1, calls.Running);

        call.Dispose();
        calls.Cancel(id);

        Assert.Equal(0, calls.Running);
    }

    private sealed class ManualTime : TimeProvider
    {
        private long _now;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _now;

        public void Advance(TimeSpan by) => _now += by.Ticks;
    }
}
