namespace Customizable.Vlm.Tests.Inspection;

/// <summary>An image encoder that takes longer for earlier references (so they finish out of order), records how many encodings run
/// at once, can fail on one named reference, and waits on the token.</summary>
internal sealed class SlowEncoder(string? failOn = null) : IModalityEncoder
{
    private int _running;
    private int _maxRunning;

    public int MaxRunning => Volatile.Read(ref _maxRunning);

    public bool CanEncode(Observation observation) => observation is ImageObservation { Frame: not null };

    public async ValueTask<IReadOnlyList<EncodedView>> EncodeAsync(Observation observation, CancellationToken cancellationToken = default)
    {
        int running = Interlocked.Increment(ref _running);
        int seen;
        while ((seen = Volatile.Read(ref _maxRunning)) < running && Interlocked.CompareExchange(ref _maxRunning, running, seen) != seen)
        {
        }

        try
        {
            int index = int.Parse(observation.Name!.Split('-', '.')[1], System.Globalization.CultureInfo.InvariantCulture);
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(1, 60 - (index * 5))), cancellationToken).ConfigureAwait(false);
            if (observation.Name == failOn)
            {
                throw new InvalidObservationException(observation.Name, "unreadable on purpose.", null);
            }

            RawFrame frame = ((ImageObservation)observation).Frame!;
            return [new EncodedView(frame, ImageProvenance.Identity(frame.Width, frame.Height), "image", observation, 0)];
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }
}
