namespace Customizable.Vlm.Tests.Inspection;

/// <summary>Encodes an image observation's frame as two "video frame" views of one slot, to test rules and slots on another modality.</summary>
internal sealed class VideoLikeEncoder : IModalityEncoder
{
    public bool CanEncode(Observation observation) => observation is ImageObservation { Frame: not null };

    public ValueTask<IReadOnlyList<EncodedView>> EncodeAsync(Observation observation, CancellationToken cancellationToken = default)
    {
        RawFrame frame = ((ImageObservation)observation).Frame!;
        var views = new List<EncodedView>();
        for (int i = 0; i < 2; i++)
        {
            var tile = new VideoTile(new PixelRect(0, 0, frame.Width, frame.Height), i, TimeSpan.FromSeconds(i), TimeSpan.FromSeconds(1), frame.Width, frame.Height);
            views.Add(new EncodedView(frame, new VideoProvenance([tile]), $"t={i}s", observation, i) { Slot = 0 });
        }

        return ValueTask.FromResult<IReadOnlyList<EncodedView>>(views);
    }
}
