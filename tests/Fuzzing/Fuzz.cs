using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using CsCheck;

namespace Customizable.Vlm.Testing.Fuzzing;

/// <summary>
/// Seeded fuzzing over CsCheck generators, shared by the test projects (linked into each). Inputs come from
/// <see cref="Gen{T}.Generate"/> driven by one <see cref="PCG"/> built from a fixed seed, so a run is the same on every machine and
/// a failure names the iteration that reproduces it. The only outcomes allowed for an input are a result or an exception the
/// caller documents, within a wall-clock bound and an allocation bound (bytes allocated on the calling thread).
/// </summary>
/// <remarks>
/// <para>Iterations: <see cref="DefaultIterations"/> per target in the normal run; the environment variable
/// <c>CVLM_FUZZ_ITERATIONS</c> raises (or lowers) it for a longer campaign, and <c>CVLM_FUZZ_SEED</c> (an unsigned integer) moves
/// the whole campaign to other inputs. With <c>CVLM_FUZZ_DUMP</c> naming a folder, the input that fails is written there
/// (<c>TARGET-ITERATION.bin</c>) for a debugger or a regression test.</para>
/// </remarks>
internal static class Fuzz
{
    public const int DefaultIterations = 10_000;
    public const ulong DefaultSeed = 0x5EED_C0DE_2026UL;

    public static int Iterations { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("CVLM_FUZZ_ITERATIONS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n > 0 ? n : DefaultIterations;

    public static ulong Seed { get; } =
        ulong.TryParse(Environment.GetEnvironmentVariable("CVLM_FUZZ_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out ulong s) ? s : DefaultSeed;

    /// <summary>Length fields a liar would write: zero, one, off by one of the truth, the largest values, a random one.</summary>
    private static readonly uint[] LyingLengths = [0, 1, 2, 4, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0xFFFF, 0x1_0000, 0xFF, 0x100];

    /// <summary>
    /// Mutations of valid inputs: bit flips, truncations, duplicated, removed and moved segments (structure-aware when
    /// <paramref name="segments"/> is given, e.g. PNG chunks or JPEG segments; otherwise byte ranges), length fields that lie,
    /// overwritten and inserted random bytes, stacked mutations, and (one time in sixteen) pure random bytes.
    /// </summary>
    public static Gen<byte[]> Mutations(IReadOnlyList<byte[]> seeds, Func<byte[], IReadOnlyList<(int Start, int Length)>>? segments = null) =>
        Gen.Select(Gen.Int[0, seeds.Count - 1], Gen.Int[0, 15], Gen.UInt, Gen.UInt, Gen.Byte.Array[1, 24])
            .Select((s, kind, a, b, bytes) => Mutate(seeds[s], kind, a, b, bytes, segments));

    private static byte[] Mutate(byte[] seed, int kind, uint a, uint b, byte[] bytes, Func<byte[], IReadOnlyList<(int Start, int Length)>>? segments)
    {
        int n = seed.Length;
        switch (kind)
        {
            case 0:
            case 1:
            {
                // One to eight bit flips, positions spread by the random bytes.
                byte[] copy = (byte[])seed.Clone();
                int flips = 1 + (int)(b % 8);
                for (int i = 0; i < flips; i++)
                {
                    int at = (int)((a + ((uint)bytes[i % bytes.Length] * 2654435761u * (uint)(i + 1))) % (uint)n);
                    copy[at] ^= (byte)(1 << (int)((b >> (i * 3)) & 7));
                }

                return copy;
            }

            case 2:
            case 3:
                // Truncation anywhere, the header included.
                return seed.AsSpan(0, (int)(a % (uint)n)).ToArray();
            case 4:
            case 5:
            {
                // A segment repeated (a chunk, a segment, or any byte range).
                (int start, int length) = PickSegment(seed, a, b, segments);
                int times = 1 + (int)(b % 3);
                var result = new byte[n + (length * times)];
                seed.AsSpan(0, start + length).CopyTo(result);
                for (int t = 1; t <= times; t++)
                {
                    seed.AsSpan(start, length).CopyTo(result.AsSpan(start + (t * length)));
                }

                seed.AsSpan(start + length).CopyTo(result.AsSpan(start + ((times + 1) * length)));
                return result;
            }

            case 6:
            case 7:
            {
                // A length field that lies: at a segment's start when segments are known, else anywhere; either byte order.
                byte[] copy = (byte[])seed.Clone();
                if (n < 4)
                {
                    return copy;
                }

                int at = segments is null ? (int)(a % (uint)(n - 3)) : Math.Min(PickSegment(seed, a, b, segments).Start, n - 4);
                uint value = (b & 1) == 0 ? LyingLengths[(b >> 1) % (uint)LyingLengths.Length] : (b >> 1) ^ a;
                if ((a & 0x8000_0000) == 0)
                {
                    BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(at), value);
                }
                else
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(at), value);
                }

                return copy;
            }

            case 8:
            case 9:
            {
                // Random bytes written over the data.
                byte[] copy = (byte[])seed.Clone();
                int at = (int)(a % (uint)n);
                int count = Math.Min(bytes.Length, n - at);
                bytes.AsSpan(0, count).CopyTo(copy.AsSpan(at));
                return copy;
            }

            case 10:
            case 11:
            {
                // Random bytes inserted.
                int at = (int)(a % (uint)(n + 1));
                return [.. seed.AsSpan(0, at), .. bytes, .. seed.AsSpan(at)];
            }

            case 12:
            {
                // A segment removed, or moved to where another one starts (a PNG chunk between two IDAT chunks: found by a fuzzer).
                (int start, int length) = PickSegment(seed, a, b, segments);
                byte[] without = [.. seed.AsSpan(0, start), .. seed.AsSpan(start + length)];
                if ((b & 1) == 0)
                {
                    return without;
                }

                int target = PickSegment(seed, b, a, segments).Start;
                target = target <= start ? target : Math.Max(start, target - length);
                return [.. without.AsSpan(0, target), .. seed.AsSpan(start, length), .. without.AsSpan(target)];
            }

            case 13:
            case 14:
            {
                // Stacked: a bit flip, then a truncation or a duplication.
                byte[] flipped = Mutate(seed, 0, a, b, bytes, segments);
                return Mutate(flipped, (b & 1) == 0 ? 2 : 4, b, a, bytes, segments);
            }

            default:
            {
                // Random bytes, sometimes behind the seed's first bytes (its magic) so that the format is still recognised.
                int keep = (a & 1) == 0 ? 0 : Math.Min(n, 4 + (int)(b % 16));
                var result = new byte[keep + (int)(a % 512)];
                seed.AsSpan(0, keep).CopyTo(result);
                var random = new PCG(b, a);
                for (int i = keep; i < result.Length; i++)
                {
                    result[i] = (byte)random.Next();
                }

                return result;
            }
        }
    }

    private static (int Start, int Length) PickSegment(byte[] seed, uint a, uint b, Func<byte[], IReadOnlyList<(int Start, int Length)>>? segments)
    {
        IReadOnlyList<(int Start, int Length)>? list = segments?.Invoke(seed);
        if (list is { Count: > 0 })
        {
            (int start, int length) = list[(int)(a % (uint)list.Count)];
            start = Math.Clamp(start, 0, seed.Length);
            return (start, Math.Clamp(length, 0, seed.Length - start));
        }

        int s = (int)(a % (uint)seed.Length);
        return (s, (int)(b % (uint)Math.Min(4096, seed.Length - s + 1)));
    }

    /// <summary>
    /// Runs <paramref name="property"/> on <paramref name="iterations"/> generated inputs (default <see cref="Iterations"/>).
    /// Fails on the first input that throws an exception <paramref name="documented"/> does not accept, takes longer than
    /// <paramref name="maxTimePerInput"/>, or allocates more than <paramref name="maxBytesPerInput"/> on the calling thread.
    /// </summary>
    /// <returns>What happened: inputs giving a result, inputs refused with a documented exception, the worst time and allocation.</returns>
    public static FuzzSummary Run<T>(
        string target,
        Gen<T> gen,
        Action<T> property,
        Func<Exception, bool> documented,
        TimeSpan maxTimePerInput,
        long maxBytesPerInput,
        Action<string>? log = null,
        int? iterations = null) => Run(target, gen, property, documented, maxTimePerInput, maxBytesPerInput, log, iterations, null);

    private static FuzzSummary Run<T>(
        string target,
        Gen<T> gen,
        Action<T> property,
        Func<Exception, bool> documented,
        TimeSpan maxTimePerInput,
        long maxBytesPerInput,
        Action<string>? log,
        int? iterations,
        FuzzProgress? progress)
    {
        int count = iterations ?? Iterations;
        var pcg = new PCG((uint)(StableHash(target) & 0x7FFF_FFFF), Seed);
        var summary = new FuzzSummary(target);
        var clock = new Stopwatch();
        var total = Stopwatch.StartNew();
        for (int i = 0; i < count; i++)
        {
            T input = gen.Generate(pcg, null, out _);
            progress?.Start(i, input, Stopwatch.GetTimestamp());
            long before = GC.GetAllocatedBytesForCurrentThread();
            clock.Restart();
            try
            {
                property(input);
                summary.Results++;
            }
            catch (Exception ex) when (documented(ex))
            {
                summary.Refused++;
                summary.Count(ex.GetType().Name);
            }
            catch (Exception ex)
            {
                Dump(target, i, input);
                throw new FuzzFailureException($"{target}: input {i} (seed {Seed}, {Describe(input)}) threw an undocumented {ex.GetType().Name}: {ex.Message}", ex);
            }

            clock.Stop();
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            summary.WorstTime = clock.Elapsed > summary.WorstTime ? clock.Elapsed : summary.WorstTime;
            summary.WorstBytes = Math.Max(summary.WorstBytes, allocated);
            // The first input pays for JIT compilation and static initialisation (regular expressions, codecs); it is not timed.
            if (clock.Elapsed > maxTimePerInput && i > 0)
            {
                Dump(target, i, input);
                throw new FuzzFailureException($"{target}: input {i} (seed {Seed}, {Describe(input)}) took {clock.Elapsed.TotalMilliseconds:F0} ms, over the bound of {maxTimePerInput.TotalMilliseconds:F0} ms.", null);
            }

            if (allocated > maxBytesPerInput)
            {
                Dump(target, i, input);
                throw new FuzzFailureException($"{target}: input {i} (seed {Seed}, {Describe(input)}) allocated {allocated:N0} bytes, over the bound of {maxBytesPerInput:N0}.", null);
            }
        }

        summary.Total = total.Elapsed;
        log?.Invoke(summary.ToString());
        return summary;
    }

    /// <summary>
    /// <see cref="Run{T}"/> on a thread of its own, watched: if one input runs longer than <paramref name="hangAfter"/> (a decoder
    /// spinning forever) the test fails naming that input (and dumps it, see <c>CVLM_FUZZ_DUMP</c>) instead of stopping the suite.
    /// The hung thread is left behind. The allocation bound still holds per input, since the whole run stays on that one thread.
    /// </summary>
    public static async Task<FuzzSummary> RunWithDeadlineAsync<T>(
        string target,
        Gen<T> gen,
        Action<T> property,
        Func<Exception, bool> documented,
        TimeSpan maxTimePerInput,
        long maxBytesPerInput,
        TimeSpan hangAfter,
        Action<string>? log = null,
        int? iterations = null)
    {
        var progress = new FuzzProgress();
        Task<FuzzSummary> run = Task.Factory.StartNew(
            () => Run(target, gen, property, documented, maxTimePerInput, maxBytesPerInput, log, iterations, progress),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        while (!run.IsCompleted)
        {
            await Task.WhenAny(run, Task.Delay(TimeSpan.FromMilliseconds(500))).ConfigureAwait(false);
            (int iteration, object? input, long started) = progress.Current;
            TimeSpan running = Stopwatch.GetElapsedTime(started);
            if (!run.IsCompleted && started != 0 && running > hangAfter)
            {
                if (input is T typed)
                {
                    Dump(target, iteration, typed);
                }

                throw new FuzzFailureException(
                    $"{target}: input {iteration} (seed {Seed}, {(input is T t ? Describe(t) : "?")}) has been running for {running.TotalSeconds:F1} s: it hangs.",
                    null);
            }
        }

        return await run.ConfigureAwait(false);
    }

    private static void Dump<T>(string target, int iteration, T input)
    {
        string? folder = Environment.GetEnvironmentVariable("CVLM_FUZZ_DUMP");
        byte[]? bytes = input switch
        {
            byte[] b => b,
            string text => System.Text.Encoding.UTF8.GetBytes(text),
            ValueTuple<byte[], int> pair => pair.Item1,
            _ => null,
        };
        if (!string.IsNullOrEmpty(folder) && bytes is not null)
        {
            Directory.CreateDirectory(folder);
            string name = string.Concat(target.Select(c => char.IsLetterOrDigit(c) ? c : '_'));
            File.WriteAllBytes(Path.Combine(folder, $"{name}-{iteration}.bin"), bytes);
        }
    }

    private static string Describe<T>(T input) => input switch
    {
        byte[] bytes => $"{bytes.Length} bytes, starting {Convert.ToHexString(bytes.AsSpan(0, Math.Min(16, bytes.Length)))}",
        string text => $"{text.Length} characters",
        _ => input?.ToString() ?? "null",
    };

    private static uint StableHash(string text)
    {
        uint hash = 2166136261;
        foreach (char c in text)
        {
            hash = (hash ^ c) * 16777619;
        }

        return hash;
    }
}
