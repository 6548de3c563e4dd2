namespace Customizable.Vlm.Evaluation;

/// <summary>A tiny, fully specified pseudo-random generator (SplitMix64), so that reference choices are the same on every runtime.</summary>
/// <remarks><see cref="System.Random"/>'s sequence for a seed is not guaranteed across .NET versions; this one is fixed by its formula.</remarks>
internal struct SplitMix64
{
    private ulong _state;

    public SplitMix64(int seed) => _state = unchecked((ulong)(long)seed);

    public ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A value in [0, <paramref name="bound"/>) (multiply-high mapping).</summary>
    public int NextBelow(int bound) => (int)Math.BigMul(Next(), (ulong)bound, out _);
}
