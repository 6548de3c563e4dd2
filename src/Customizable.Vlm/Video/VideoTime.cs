namespace Customizable.Vlm.Video;

/// <summary>Frame times at a constant rate, computed from the index (no accumulated rounding), to the nearest 100 ns tick.</summary>
internal static class VideoTime
{
    public static TimeSpan At(long index, double framesPerSecond) => TimeSpan.FromTicks((long)Math.Round(index * (TimeSpan.TicksPerSecond / framesPerSecond)));

    /// <summary>The interval frame <paramref name="index"/> stands for: from its time to the next frame's.</summary>
    public static TimeSpan Period(long index, double framesPerSecond) => At(index + 1, framesPerSecond) - At(index, framesPerSecond);
}
