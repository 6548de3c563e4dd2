using Customizable.Vlm.Imaging;
using Customizable.Vlm.Tests.Imaging;
using Customizable.Vlm.Video;

namespace Customizable.Vlm.Tests.Video;

public sealed class VideoEncoderTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Each_selected_frame_becomes_a_slot_0_view_that_maps_back_to_its_time_span()
    {
        var encoder = new VideoEncoder(new VideoEncoderOptions { Sampling = FrameSampling.EveryNth(12) });
        VideoObservation video = VideoObservation.FromFrames(VideoTestData.NumberedFrames(48, 32, 24), 30, "clip");

        IReadOnlyList<EncodedView> views = await encoder.EncodeAsync(video);

        Assert.True(encoder.CanEncode(video));
        Assert.False(encoder.CanEncode(ImageObservation.FromFile("a.png")));
        Assert.Equal(4, views.Count);
        Assert.All(views, v => Assert.Equal(0, v.Slot));
        Assert.Equal([0, 1, 2, 3], views.Select(v => v.Index));
        Assert.Equal("t=1.20s (frame 36)", views[3].Label);
        Assert.Same(video, views[3].Source);

        var location = Assert.IsType<TimeRangeLocation>(views[1].Provenance.MapToSource(new PixelRect(8, 6, 4, 4)));
        Assert.Equal((12, 12), (location.FirstFrame, location.LastFrame));
        Assert.Equal(0.4, location.Start.TotalSeconds, 6);
        Assert.Equal(0.8, location.End.TotalSeconds, 6);
        Assert.Equal(new PixelRect(8, 6, 4, 4), location.FrameBox);
    }

    [Fact]
    public async Task A_GIF_file_is_encoded_through_ImageSharp_and_a_folder_as_an_image_sequence()
    {
        var encoder = new VideoEncoder(new VideoEncoderOptions { Sampling = FrameSampling.All, Decode = new VideoDecodeOptions { SequenceFramesPerSecond = 2 } });
        string folder = Directory.CreateDirectory(Path.Combine(_temp.Path, "frames")).FullName;
        for (int i = 0; i < 3; i++)
        {
            await ImageFiles.SavePngAsync(VideoTestData.Frame(48, 32, (byte)(i * 50)), Path.Combine(folder, $"{i:000}.png"));
        }

        IReadOnlyList<EncodedView> views = await encoder.EncodeAsync(VideoObservation.FromFile(folder));

        Assert.Equal(["t=0.00s (frame 0)", "t=0.50s (frame 1)", "t=1.00s (frame 2)"], views.Select(v => v.Label));
        Assert.Equal([0, 50, 100], views.Select(v => (int)v.Frame.Pixels.Span[0]));
    }

    [Fact]
    public async Task Encoding_a_non_video_is_not_supported()
    {
        await Assert.ThrowsAsync<NotSupportedException>(() => new VideoEncoder().EncodeAsync(ImageObservation.FromFile("a.png")).AsTask());
    }

    [Fact]
    public async Task The_grid_helper_lays_out_uniform_key_frames_with_their_times()
    {
        var encoder = new VideoEncoder();
        VideoObservation video = VideoObservation.FromFrames(VideoTestData.NumberedFrames(90, 64, 48), 30);

        EncodedView grid = await encoder.EncodeGridAsync(video, columns: 3, maxSide: 512);

        var provenance = Assert.IsType<VideoProvenance>(grid.Provenance);
        Assert.Equal(9, provenance.Tiles.Count);
        Assert.Equal([5, 15, 25, 35, 45, 55, 65, 75, 85], provenance.Tiles.Select(t => t.FrameIndex));
        Assert.Equal(0, grid.Slot);
    }
}
