using System.Runtime.CompilerServices;
using Customizable.Vlm.Imaging;

namespace Customizable.Vlm.Video;

/// <summary>
/// Streams the frames of a <see cref="VideoObservation"/>, whatever its source: a video file through ffmpeg, an animated GIF or a
/// multi-frame TIFF through ImageSharp, a folder of numbered images, or frames already in memory.
/// </summary>
/// <remarks>
/// <para>Sources, chosen by the observation: in-memory frames (<see cref="VideoObservation.FromFrames"/>); a directory path, read as
/// an image sequence at <see cref="VideoDecodeOptions.SequenceFramesPerSecond"/>; a <c>.gif</c>, <c>.tif</c> or <c>.tiff</c> file
/// through ImageSharp (GIF frame delays give the timing); any other file through ONE ffmpeg process that pipes raw RGB frames
/// (ffprobe reads the metadata first).</para>
/// <para>Frames: tightly packed <see cref="PixelFormat.Rgb24"/>, with their 0-based index, presentation time from the start of the video
/// and duration. Memory stays flat for files and folders (one frame at a time); GIF/TIFF are decoded whole, within the limits.</para>
/// <para>Limits (<see cref="VideoDecodeOptions"/>) are checked before decoding. Errors: a missing ffmpeg raises
/// <see cref="FfmpegNotFoundException"/>; a missing file or folder <see cref="InvalidObservationException"/>; a corrupt or truncated
/// file, no video stream or zero frames <see cref="VideoDecodingException"/> naming the file; a violated limit
/// <see cref="InputLimitExceededException"/>. Any ffmpeg process is ended when the enumeration ends, fails, is cancelled or is
/// disposed early.</para>
/// <para>Thread-safety: an instance is immutable; concurrent calls are safe, each enumeration has its own decoder.</para>
/// </remarks>
public sealed class VideoFrameReader
{
    private readonly VideoDecodeOptions _options;
    private readonly FfmpegVideoSource _ffmpeg;
    private readonly AnimatedImageSource _animated;
    private readonly ImageSequenceSource _sequence;
    private readonly ImageLoader _loader = new();

    /// <summary>Initializes a new reader.</summary>
    /// <param name="options">Tool paths and limits; copied, so later changes have no effect. Null means defaults.</param>
    public VideoFrameReader(VideoDecodeOptions? options = null)
        : this(options, null)
    {
    }

    internal VideoFrameReader(VideoDecodeOptions? options, Action<int>? processStarted)
    {
        _options = options?.Clone() ?? new VideoDecodeOptions();
        _ffmpeg = new FfmpegVideoSource(_options) { ProcessStarted = processStarted };
        _animated = new AnimatedImageSource(_options);
        _sequence = new ImageSequenceSource(_options);
    }

    /// <summary>Gets a copy of the options this reader uses.</summary>
    public VideoDecodeOptions Options => _options.Clone();

    /// <summary>Gets whether ffmpeg and ffprobe can be found with this reader's options (needed for video files other than GIF/TIFF).</summary>
    public bool IsFfmpegAvailable => FfmpegLocator.IsAvailable(_options);

    internal FfmpegVideoSource Ffmpeg => _ffmpeg;

    /// <summary>Reads the video's metadata without decoding its frames (ffprobe for video files).</summary>
    /// <param name="video">The video.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>Size, frame rate, duration, frame count and rotation.</returns>
    public async ValueTask<VideoMetadata> ProbeAsync(VideoObservation video, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(video);
        if (video.Frames is { } frames)
        {
            return InMemoryMetadata(frames, video.FramesPerSecond ?? _options.SequenceFramesPerSecond);
        }

        string path = video.FilePath!;
        if (Directory.Exists(path))
        {
            return await _sequence.ProbeAsync(path, cancellationToken).ConfigureAwait(false);
        }

        return AnimatedImageSource.Handles(path)
            ? await _animated.ProbeAsync(path, cancellationToken).ConfigureAwait(false)
            : await _ffmpeg.ProbeAsync(path, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Streams the video's frames, optionally sampled.</summary>
    /// <param name="video">The video.</param>
    /// <param name="sampling">Which frames to keep; null keeps every frame.</param>
    /// <param name="cancellationToken">Cancels the work between frames (a running ffmpeg process is killed).</param>
    /// <returns>The frames in display order, each with its source index and time.</returns>
    public async IAsyncEnumerable<VideoFrame> ReadFramesAsync(
        VideoObservation video,
        FrameSampling? sampling = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(video);
        sampling ??= FrameSampling.All;
        (IAsyncEnumerable<VideoFrame> source, long expected) = await OpenAsync(video, sampling, cancellationToken).ConfigureAwait(false);
        await foreach (VideoFrame frame in FrameSampler.SampleAsync(source, sampling, expected, cancellationToken).ConfigureAwait(false))
        {
            yield return frame;
        }
    }

    /// <summary>Streams the sampled frames, each with the decoded frame <paramref name="gap"/> frames before it (for motion views).
    /// A frame with fewer than <paramref name="gap"/> frames before it gets the video's first frame (the first frame: itself). Keeps
    /// at most <paramref name="gap"/> + 1 decoded frames besides the sampler's two, however long the video.</summary>
    /// <param name="video">The video.</param>
    /// <param name="sampling">Which frames to keep.</param>
    /// <param name="gap">How many frames back the earlier frame lies, at least 1.</param>
    /// <param name="cancellationToken">Cancels the work between frames.</param>
    /// <returns>The sampled frames in display order with their earlier frames.</returns>
    internal async IAsyncEnumerable<(VideoFrame Frame, VideoFrame Earlier)> ReadFramesWithEarlierAsync(
        VideoObservation video,
        FrameSampling sampling,
        int gap,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(video);
        ArgumentNullException.ThrowIfNull(sampling);
        ArgumentOutOfRangeException.ThrowIfLessThan(gap, 1);
        (IAsyncEnumerable<VideoFrame> source, long expected) = await OpenAsync(video, sampling, cancellationToken).ConfigureAwait(false);

        // The last gap + 1 decoded frames, by arrival; the sampler reports a chosen frame while it is the newest of them.
        var recent = new VideoFrame[gap + 1];
        long arrived = 0;
        var earlier = new Dictionary<int, VideoFrame>();
        async IAsyncEnumerable<VideoFrame> Remember([EnumeratorCancellation] CancellationToken ct = default)
        {
            await foreach (VideoFrame frame in source.WithCancellation(ct).ConfigureAwait(false))
            {
                recent[arrived % recent.Length] = frame;
                arrived++;
                yield return frame;
            }
        }

        void Chosen(VideoFrame frame)
        {
            long back = Math.Max(0, arrived - 1 - gap);
            earlier[frame.Index] = recent[back % recent.Length];
        }

        await foreach (VideoFrame frame in FrameSampler.SampleAsync(Remember(cancellationToken), sampling, expected, Chosen, cancellationToken).ConfigureAwait(false))
        {
            earlier.Remove(frame.Index, out VideoFrame before);
            yield return (frame, before.Frame is null ? frame : before);
        }
    }

    private async ValueTask<(IAsyncEnumerable<VideoFrame> Source, long Expected)> OpenAsync(VideoObservation video, FrameSampling sampling, CancellationToken cancellationToken)
    {
        if (video.Frames is { } frames)
        {
            VideoMetadata metadata = InMemoryMetadata(frames, video.FramesPerSecond ?? _options.SequenceFramesPerSecond);
            _options.CheckLimits(video.Name, metadata);
            return (InMemoryAsync(frames, metadata.FramesPerSecond, cancellationToken), metadata.FrameCount);
        }

        string path = video.FilePath!;
        long expected = sampling.Mode == FrameSamplingMode.Uniform
            ? (await ProbeAsync(video, cancellationToken).ConfigureAwait(false)).FrameCount
            : 0;
        IAsyncEnumerable<VideoFrame> source = Directory.Exists(path) ? _sequence.ReadFramesAsync(path, cancellationToken)
            : AnimatedImageSource.Handles(path) ? _animated.ReadFramesAsync(path, cancellationToken)
            : _ffmpeg.ReadFramesAsync(path, cancellationToken);
        return (source, expected);
    }

    private static VideoMetadata InMemoryMetadata(IReadOnlyList<RawFrame> frames, double fps)
    {
        RawFrame first = frames[0];
        return new VideoMetadata(first.Width, first.Height, fps, TimeSpan.FromSeconds(frames.Count / fps), frames.Count, 0, "frames");
    }

    private async IAsyncEnumerable<VideoFrame> InMemoryAsync(IReadOnlyList<RawFrame> frames, double fps, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (int i = 0; i < frames.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            RawFrame frame = frames[i];
            long pixels = (long)frame.Width * frame.Height;
            if (pixels > _options.MaxFramePixels)
            {
                throw new InputLimitExceededException($"frame {i}", nameof(VideoDecodeOptions.MaxFramePixels), pixels, _options.MaxFramePixels);
            }

            yield return new VideoFrame(i, VideoTime.At(i, fps), VideoTime.Period(i, fps), _loader.ToRgb24(frame));
            await Task.Yield();
        }
    }
}
