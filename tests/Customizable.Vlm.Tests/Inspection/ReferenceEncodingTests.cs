namespace Customizable.Vlm.Tests.Inspection;

public class ReferenceEncodingTests
{
    private static InspectionSpec Spec(int count) => new()
    {
        References = [.. Enumerable.Range(0, count).Select(i => ImageObservation.FromFrame(new RawFrame(40, 30, PixelFormat.Rgb24, new byte[40 * 30 * 3]), $"good-{i}.png"))],
    };

    [Fact]
    public async Task References_are_encoded_at_most_one_per_core_at_a_time_and_their_views_keep_the_spec_order()
    {
        var encoder = new SlowEncoder();
        var inspector = new AnomalyInspector(new ModelReasoner(), encoders: [encoder]);

        InspectionProfile profile = await inspector.CustomizeAsync(Spec(10));

        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"good-{i}.png"), profile.References.Select(r => r.SourceName));
        Assert.InRange(encoder.MaxRunning, Math.Min(2, Environment.ProcessorCount), Environment.ProcessorCount);
    }

    [Fact]
    public async Task A_reference_that_cannot_be_read_fails_the_customization_with_its_typed_error()
    {
        var inspector = new AnomalyInspector(new ModelReasoner(), encoders: [new SlowEncoder(failOn: "good-3.png")]);

        var error = await Assert.ThrowsAsync<InvalidObservationException>(() => inspector.CustomizeAsync(Spec(6)));

        Assert.Contains("good-3.png", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_while_references_are_encoded_stops_the_customization()
    {
        var inspector = new AnomalyInspector(new ModelReasoner(), encoders: [new SlowEncoder()]);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(20));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => inspector.CustomizeAsync(Spec(200), cancellation.Token));
    }
}
