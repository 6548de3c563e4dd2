using Customizable.Vlm.Evaluation.Datasets;
using Customizable.Vlm.Imaging;
using Customizable.Vlm.Video;

namespace Customizable.Vlm.Evaluation;

/// <summary>
/// Frame items as two-frame videos for motion views (<see cref="EvaluationOptions.MotionFrameGap"/>): frame <c>t</c> of a clip is
/// inspected as the video (frame <c>t - d</c>, frame <c>t</c>), whose motion view the inspector's <see cref="VideoEncoder"/> renders.
/// </summary>
/// <remarks>Thread-safe after construction (the lookup is read-only; the loader is thread-safe).</remarks>
internal sealed class MotionPairs
{
    /// <summary>The frame rate given to the two-frame videos (UCSD's 10 fps; only the frames' labels depend on it).</summary>
    private const double FramesPerSecond = 10;

    private readonly int _gap;
    private readonly Dictionary<(string Folder, int Index), string> _frames = [];
    private readonly ImageLoader _loader = new();

    /// <summary>Indexes every frame item of the dataset by its folder and frame index.</summary>
    public MotionPairs(EvaluationDataset dataset, int gap)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(gap, 1);
        _gap = gap;
        foreach (DatasetItem item in dataset.Train.Concat(dataset.Test))
        {
            if (item.FrameIndex is { } index)
            {
                _frames[(FolderOf(item.ImagePath), index)] = item.ImagePath;
            }
        }
    }

    /// <summary>The encoder an inspector needs for these pairs: motion views, and only the last frame of each pair sampled.</summary>
    public static VideoEncoder Encoder(VideoDecodeOptions? decode = null) =>
        new(new VideoEncoderOptions { Decode = decode ?? new VideoDecodeOptions(), Sampling = FrameSampling.Uniform(1), MotionFrameGap = 1 });

    /// <summary>True when the item is a frame of a clip (it becomes a pair).</summary>
    public static bool Applies(DatasetItem item) => item.FrameIndex is not null;

    /// <summary>Loads the item and its earlier frame as a two-frame video named by the item's path.</summary>
    /// <exception cref="InvalidObservationException">A frame cannot be read.</exception>
    public async Task<Observation> LoadAsync(DatasetItem item, CancellationToken cancellationToken)
    {
        int index = item.FrameIndex ?? throw new ArgumentException("The item is not a frame of a clip.", nameof(item));
        string folder = FolderOf(item.ImagePath);
        int earlierIndex = Math.Max(0, index - _gap);
        string earlierPath = _frames.TryGetValue((folder, earlierIndex), out string? path) ? path : item.ImagePath;
        RawFrame earlier = await _loader.LoadAsync(earlierPath, cancellationToken).ConfigureAwait(false);
        RawFrame current = await _loader.LoadAsync(item.ImagePath, cancellationToken).ConfigureAwait(false);
        return VideoObservation.FromFrames([earlier, current], FramesPerSecond, item.ImagePath);
    }

    private static string FolderOf(string path) => Path.GetDirectoryName(Path.GetFullPath(path)) ?? string.Empty;
}
