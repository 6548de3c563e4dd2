using System.Runtime.CompilerServices;

namespace Customizable.Vlm.Video;

/// <summary>Applies a <see cref="FrameSampling"/> to a stream of frames, keeping at most two frames (the pending key frame and the current one).</summary>
internal static class FrameSampler
{
    private const int ThumbnailSide = 32;

    public static IAsyncEnumerable<VideoFrame> SampleAsync(
        IAsyncEnumerable<VideoFrame> frames,
        FrameSampling sampling,
        long expectedFrames,
        CancellationToken cancellationToken = default) =>
        SampleAsync(frames, sampling, expectedFrames, selected: null, cancellationToken);

    /// <summary>Samples <paramref name="frames"/>; <paramref name="selected"/> (when not null) is called with each chosen frame as soon
    /// as it is chosen, before the next frame is read (a chosen frame is yielded one chosen frame later, once its duration is known).</summary>
    public static async IAsyncEnumerable<VideoFrame> SampleAsync(
        IAsyncEnumerable<VideoFrame> frames,
        FrameSampling sampling,
        long expectedFrames,
        Action<VideoFrame>? selected,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (sampling.Mode == FrameSamplingMode.All)
        {
            await foreach (VideoFrame frame in frames.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                selected?.Invoke(frame);
                yield return frame;
            }

            yield break;
        }

        VideoFrame? pending = null;
        VideoFrame last = default;
        bool any = false;
        int picked = 0;
        TimeSpan nextTick = TimeSpan.Zero;
        TimeSpan tick = sampling.Mode == FrameSamplingMode.TargetRate ? TimeSpan.FromSeconds(1.0 / sampling.FramesPerSecond) : TimeSpan.Zero;
        float[]? keyThumbnail = null;
        float[]? thumbnail = sampling.Mode == FrameSamplingMode.OnChange ? new float[ThumbnailSide * ThumbnailSide] : null;
        await foreach (VideoFrame frame in frames.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            any = true;
            last = frame;
            bool select;
            switch (sampling.Mode)
            {
                case FrameSamplingMode.EveryNth:
                    select = frame.Index % sampling.Step == 0;
                    break;
                case FrameSamplingMode.TargetRate:
                    select = frame.Timestamp >= nextTick;
                    while (nextTick <= frame.Timestamp)
                    {
                        nextTick += tick;
                    }

                    break;
                case FrameSamplingMode.Uniform:
                    select = picked < sampling.Count && frame.Index >= UniformIndex(picked, sampling.Count, expectedFrames);
                    break;
                default:
                    GreyThumbnail(frame.Frame, thumbnail!);
                    select = keyThumbnail is null || MeanAbsoluteDifference(thumbnail!, keyThumbnail) > sampling.ChangeThreshold;
                    if (select)
                    {
                        keyThumbnail ??= new float[thumbnail!.Length];
                        thumbnail!.CopyTo(keyThumbnail, 0);
                    }

                    break;
            }

            if (!select)
            {
                continue;
            }

            picked++;
            selected?.Invoke(frame);
            if (pending is { } previous)
            {
                yield return previous with { Duration = frame.Timestamp - previous.Timestamp };
            }

            pending = frame;
        }

        if (!any)
        {
            yield break;
        }

        if (sampling.Mode == FrameSamplingMode.Uniform && picked < sampling.Count && (pending is null || pending.Value.Index != last.Index))
        {
            // The video ended before the metadata said it would: keep its last frame.
            if (pending is { } p)
            {
                yield return p with { Duration = last.Timestamp - p.Timestamp };
            }

            selected?.Invoke(last);
            pending = last;
        }

        if (pending is { } final)
        {
            yield return final with { Duration = last.End - final.Timestamp };
        }
    }

    /// <summary>The index of the middle frame of segment <paramref name="i"/> of <paramref name="k"/> equal segments of <paramref name="n"/> frames.</summary>
    internal static long UniformIndex(int i, int k, long n) => n <= k ? i : (long)(((2L * i) + 1) * (double)n / (2L * k));

    internal static void GreyThumbnail(RawFrame frame, float[] thumbnail)
    {
        // Box average of the frame over a 32x32 grid (luma 0.299 R + 0.587 G + 0.114 B); rows sampled by cell for speed.
        Array.Clear(thumbnail);
        int[] counts = new int[thumbnail.Length];
        int bpp = frame.BytesPerPixel;
        int stepY = Math.Max(1, frame.Height / (ThumbnailSide * 4));
        int stepX = Math.Max(1, frame.Width / (ThumbnailSide * 4));
        for (int y = 0; y < frame.Height; y += stepY)
        {
            ReadOnlySpan<byte> row = frame.GetRow(y);
            int cy = (int)((long)y * ThumbnailSide / frame.Height) * ThumbnailSide;
            for (int x = 0; x < frame.Width; x += stepX)
            {
                int o = x * bpp;
                float grey = bpp >= 3 ? (0.299f * row[o]) + (0.587f * row[o + 1]) + (0.114f * row[o + 2]) : row[o];
                int cell = cy + (int)((long)x * ThumbnailSide / frame.Width);
                thumbnail[cell] += grey;
                counts[cell]++;
            }
        }

        for (int i = 0; i < thumbnail.Length; i++)
        {
            thumbnail[i] = counts[i] == 0 ? 0 : thumbnail[i] / counts[i];
        }
    }

    internal static double MeanAbsoluteDifference(float[] a, float[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += Math.Abs(a[i] - b[i]);
        }

        return sum / a.Length;
    }
}
