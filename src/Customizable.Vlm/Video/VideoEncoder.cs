using System.Globalization;
using System.Runtime.CompilerServices;

namespace Customizable.Vlm.Video;

/// <summary>
/// Encodes a <see cref="VideoObservation"/> into one view per selected frame: full-resolution RGB, labelled with its time
/// (<c>"t=1.20s (frame 36)"</c>), whose <see cref="VideoProvenance"/> maps any box back to the frame index, the time span the frame
/// stands for and the box in the frame.
/// </summary>
/// <remarks>
/// <para>Sources and errors: see <see cref="VideoFrameReader"/>. Frames are chosen by <see cref="VideoEncoderOptions.Sampling"/>.
/// All frame views share <see cref="EncodedView.Slot"/> 0: the frames of a fixed camera show one scene, so every query frame is compared
/// with every reference frame. With <see cref="VideoEncoderOptions.MotionFrameGap"/> above 0, each frame view is followed by its motion
/// view (slot <see cref="MotionSlot"/>, the same frame, time span and pixel geometry), compared only with the references' motion
/// views.</para>
/// <para>For vision-language prompts, <see cref="EncodeGridAsync"/> (or <see cref="VideoGrid.Compose"/>) lays key frames out on one
/// labelled grid image whose tiles map back to their time spans.</para>
/// <para>Thread-safety: concurrent calls to <see cref="EncodeAsync"/> are safe. Cancellation is honoured between frames.</para>
/// </remarks>
public sealed class VideoEncoder : IModalityEncoder
{
    /// <summary>The <see cref="EncodedView.Slot"/> of motion views (see <see cref="VideoEncoderOptions.MotionFrameGap"/>).</summary>
    public const int MotionSlot = 1;

    private readonly VideoEncoderOptions _options;
    private readonly VideoFrameReader _reader;

    /// <summary>Initializes a new encoder.</summary>
    /// <param name="options">Decoding and sampling settings; copied. Null means defaults.</param>
    public VideoEncoder(VideoEncoderOptions? options = null)
    {
        _options = options?.Clone() ?? new VideoEncoderOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(_options.MotionFrameGap, nameof(options));
        if (!(_options.MotionGain > 0) || float.IsInfinity(_options.MotionGain))
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.MotionGain, "MotionGain must be a finite number greater than 0.");
        }

        _reader = new VideoFrameReader(_options.Decode);
    }

    /// <summary>An encoder with <paramref name="options"/> (already copied and checked) that decodes with <paramref name="reader"/>.</summary>
    private VideoEncoder(VideoEncoderOptions options, VideoFrameReader reader)
    {
        _options = options;
        _reader = reader;
    }

    /// <summary>Gets the motion views this encoder adds, or null when it adds none (<see cref="VideoEncoderOptions.MotionFrameGap"/> 0).</summary>
    internal MotionViewSettings? MotionViews => _options.MotionFrameGap == 0 ? null : new MotionViewSettings(_options.MotionFrameGap, _options.MotionGain);

    /// <summary>Gets an encoder that samples and decodes like this one (the same reader) and adds the given motion views: this encoder
    /// when it already does.</summary>
    /// <param name="motion">The motion views, or null for none.</param>
    /// <returns>The encoder.</returns>
    internal VideoEncoder WithMotionViews(MotionViewSettings? motion)
    {
        if (motion is null ? _options.MotionFrameGap == 0 : motion.FrameGap == _options.MotionFrameGap && motion.Gain == _options.MotionGain)
        {
            return this;
        }

        VideoEncoderOptions options = _options.Clone();
        options.MotionFrameGap = motion?.FrameGap ?? 0;
        options.MotionGain = motion?.Gain ?? options.MotionGain;
        return new VideoEncoder(options, _reader);
    }

    /// <summary>Gets the reader the encoder decodes with.</summary>
    public VideoFrameReader Reader => _reader;

    /// <inheritdoc />
    public bool CanEncode(Observation observation) => observation is VideoObservation;

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="observation"/> is null.</exception>
    /// <exception cref="NotSupportedException">The observation is not a <see cref="VideoObservation"/>.</exception>
    /// <exception cref="FfmpegNotFoundException">A video file needs ffmpeg and it was not found.</exception>
    /// <exception cref="InvalidObservationException">The video cannot be read or decoded (see <see cref="VideoFrameReader"/>).</exception>
    public async ValueTask<IReadOnlyList<EncodedView>> EncodeAsync(Observation observation, CancellationToken cancellationToken = default)
    {
        VideoObservation video = AsVideo(observation);
        var views = new List<EncodedView>();
        await foreach (EncodedView view in EncodeViewsAsync(video, cancellationToken).ConfigureAwait(false))
        {
            views.Add(view);
        }

        return views;
    }

    /// <summary>Streams the views of <see cref="EncodeAsync"/> one at a time, as frames are decoded: the caller decides how many it
    /// holds (the inspector scores them in small batches, so memory stays flat however long the video).</summary>
    /// <param name="video">The video.</param>
    /// <param name="cancellationToken">Cancels the work between frames.</param>
    /// <returns>The views in order (a frame's motion view right after its frame view).</returns>
    internal async IAsyncEnumerable<EncodedView> EncodeViewsAsync(VideoObservation video, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        int index = 0;
        if (_options.MotionFrameGap == 0)
        {
            await foreach (VideoFrame frame in _reader.ReadFramesAsync(video, _options.Sampling, cancellationToken).ConfigureAwait(false))
            {
                yield return CreateView(frame, video, index++);
            }

            yield break;
        }

        await foreach ((VideoFrame frame, VideoFrame earlier) in _reader.ReadFramesWithEarlierAsync(video, _options.Sampling, _options.MotionFrameGap, cancellationToken).ConfigureAwait(false))
        {
            yield return CreateView(frame, video, index++);
            yield return CreateMotionView(frame, earlier, video, index++, _options.MotionGain);
        }
    }

    /// <summary>Encodes a video as one grid image of uniform key frames with their timestamps drawn in (for vision-language prompts).</summary>
    /// <param name="observation">The video.</param>
    /// <param name="columns">Grid columns (and rows): 2 gives a 2x2 grid of 4 key frames, 3 a 3x3 grid of 9.</param>
    /// <param name="maxSide">The largest side of the grid image in pixels, at least 64.</param>
    /// <param name="cancellationToken">Cancels the work between frames.</param>
    /// <returns>The grid view; see <see cref="VideoGrid.Compose"/>.</returns>
    public async ValueTask<EncodedView> EncodeGridAsync(Observation observation, int columns = 3, int maxSide = 1024, CancellationToken cancellationToken = default)
    {
        VideoObservation video = AsVideo(observation);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        return await EncodeKeyFrameGridAsync(video, FrameSampling.Uniform(columns * columns), columns, maxSide, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Encodes a video as one grid image of at most <c>columns x columns</c> key frames chosen by <paramref name="sampling"/>:
    /// when it chooses more, consecutive chosen frames are merged into evenly spaced groups, each shown by its first frame and
    /// standing for the whole group's time (the tiles still cover the time line from the first chosen frame on). At most
    /// <c>2 x columns x columns</c> frames are held at once, however many the sampling chooses.</summary>
    /// <param name="video">The video.</param>
    /// <param name="sampling">How key frames are chosen (for example <see cref="FrameSampling.Uniform"/> or <see cref="FrameSampling.OnChange"/>).</param>
    /// <param name="columns">Grid columns (and at most as many rows), at least 1.</param>
    /// <param name="maxSide">The largest side of the grid image in pixels, at least 64.</param>
    /// <param name="cancellationToken">Cancels the work between frames.</param>
    /// <returns>The grid view; see <see cref="VideoGrid.Compose"/>.</returns>
    internal async ValueTask<EncodedView> EncodeKeyFrameGridAsync(VideoObservation video, FrameSampling sampling, int columns, int maxSide, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sampling);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        int cap = columns * columns;

        // Groups of `stride` consecutive chosen frames, each shown by its first frame and standing for the group's time; when there are
        // 2 x cap groups, neighbours are merged and the stride doubles, so the groups stay evenly sized and memory bounded.
        var frames = new List<VideoFrame>(2 * cap);
        int stride = 1, inLast = 0;
        await foreach (VideoFrame frame in _reader.ReadFramesAsync(video, sampling, cancellationToken).ConfigureAwait(false))
        {
            if (frames.Count > 0 && inLast < stride)
            {
                frames[^1] = frames[^1] with { Duration = frame.End - frames[^1].Timestamp };
                inLast++;
                continue;
            }

            if (frames.Count == 2 * cap)
            {
                // 2 x cap full groups: pairs merge into cap full groups of twice the stride; the frame starts a new group.
                frames = MergeInto(frames, cap);
                stride *= 2;
            }

            frames.Add(frame);
            inLast = 1;
        }

        if (frames.Count == 0)
        {
            throw new VideoDecodingException($"{video}: the frame sampling chose no frame.");
        }

        return VideoGrid.Compose(frames.Count > cap ? MergeInto(frames, cap) : frames, columns, maxSide, video);
    }

    /// <summary>Merges consecutive chosen frames into <paramref name="groups"/> evenly sized groups: each group's first frame, its
    /// duration extended to the end of the group's last frame.</summary>
    internal static List<VideoFrame> MergeInto(List<VideoFrame> frames, int groups)
    {
        var merged = new List<VideoFrame>(2 * groups);
        for (int g = 0; g < groups; g++)
        {
            int first = (int)((long)g * frames.Count / groups), last = (int)((long)(g + 1) * frames.Count / groups) - 1;
            if (last < first)
            {
                continue;
            }

            VideoFrame head = frames[first];
            merged.Add(head with { Duration = frames[last].End - head.Timestamp });
        }

        return merged;
    }

    /// <summary>Creates the view of one frame: the frame itself, one tile covering the view, slot 0.</summary>
    /// <param name="frame">The frame.</param>
    /// <param name="source">The video it came from, or null.</param>
    /// <param name="index">The view's index among the video's views.</param>
    /// <returns>The view.</returns>
    public static EncodedView CreateView(VideoFrame frame, Observation? source, int index)
    {
        ArgumentNullException.ThrowIfNull(frame.Frame);
        RawFrame pixels = frame.Frame;
        var tile = new VideoTile(new PixelRect(0, 0, pixels.Width, pixels.Height), frame.Index, frame.Timestamp, frame.Duration, pixels.Width, pixels.Height);
        return new EncodedView(pixels, new VideoProvenance([tile]), Label(frame), source, index) { Slot = 0 };
    }

    /// <summary>Creates the motion view of one frame: how it differs from an earlier frame (see
    /// <see cref="VideoEncoderOptions.MotionFrameGap"/>), one tile covering the view, slot <see cref="MotionSlot"/>.</summary>
    /// <param name="frame">The frame.</param>
    /// <param name="earlier">The earlier frame, the same size (the frame itself gives a black view: no motion).</param>
    /// <param name="source">The video it came from, or null.</param>
    /// <param name="index">The view's index among the video's views.</param>
    /// <param name="gain">The factor applied to the grey-level difference (0..255) before clipping, greater than 0.</param>
    /// <returns>The view, labelled for example <c>"motion t=1.20s (frame 36 - frame 34)"</c>.</returns>
    /// <exception cref="InvalidObservationException">The frames differ in size.</exception>
    public static EncodedView CreateMotionView(VideoFrame frame, VideoFrame earlier, Observation? source, int index, float gain = 4f)
    {
        ArgumentNullException.ThrowIfNull(frame.Frame);
        ArgumentNullException.ThrowIfNull(earlier.Frame);
        if (!(gain > 0) || float.IsInfinity(gain))
        {
            throw new ArgumentOutOfRangeException(nameof(gain), gain, "The gain must be a finite number greater than 0.");
        }

        RawFrame pixels = MotionImage.Render(frame.Frame, earlier.Frame, gain);
        var tile = new VideoTile(new PixelRect(0, 0, pixels.Width, pixels.Height), frame.Index, frame.Timestamp, frame.Duration, pixels.Width, pixels.Height);
        string label = string.Create(CultureInfo.InvariantCulture, $"motion t={frame.Timestamp.TotalSeconds:0.00}s (frame {frame.Index} - frame {earlier.Index})");
        return new EncodedView(pixels, new VideoProvenance([tile]), label, source, index) { Slot = MotionSlot };
    }

    /// <summary>Gets a frame's label, for example <c>"t=1.20s (frame 36)"</c>.</summary>
    /// <param name="frame">The frame.</param>
    /// <returns>The label.</returns>
    public static string Label(VideoFrame frame) => string.Create(CultureInfo.InvariantCulture, $"t={frame.Timestamp.TotalSeconds:0.00}s (frame {frame.Index})");

    private static VideoObservation AsVideo(Observation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        return observation as VideoObservation
            ?? throw new NotSupportedException($"{nameof(VideoEncoder)} encodes video observations, not {observation.Modality}.");
    }
}
