using System.Numerics.Tensors;

namespace Customizable.Vlm.Onnx.Tuning;

/// <summary>
/// Whether the references show their parts in different orientations (a screw or a nut lying at any angle), so that quarter-turned
/// copies of the references belong in the memory (<see cref="FeatureReasonerOptions.TurnedCopies"/>). Each image's patch
/// features are averaged over a coarse grid (its layout); for every ordered pair of references (i, j) the layout of i is compared
/// with j's own and mirrored layouts and with j's turned layouts. Parts photographed the same way round match j itself or its mirror
/// images; parts at any angle often match a turned copy clearly better (<see cref="Closer"/>).
/// </summary>
internal static class OrientationCheck
{
    /// <summary>Cells a side of the coarse grid a layout averages over.</summary>
    public const int Cells = 4;

    /// <summary>How much closer a turned copy must be than the reference itself and its mirror images for a pair to count as matching
    /// better turned: at most this share of their distance. Without it, copies of a near-isotropic texture win by noise: MTD
    /// magnetic_tile had up to 21% of its pairs closer turned at all, none at 0.9.</summary>
    public const float Closer = 0.9f;

    /// <summary>The share of reference pairs that must match better turned for the copies to be added. On the development categories
    /// (seeds 0-2, 4 and 16 references) it was 0 for MVTec 3D-AD tire, MVTec LOCO juice_bottle and MTD magnetic_tile; on tire with
    /// every image turned by a quarter turn 0.50 to 0.83, and turned by any angle (and cropped to its centre) 0.33 to 0.50
    /// (docs/accuracy.md, "Parts in any orientation"). A quarter leaves room on the side where missing the copies costs most.</summary>
    public const double TurnedShare = 0.25;

    /// <summary>How much closer an eighth-turned copy must be than every other image of a reference (itself, its mirror images and
    /// its quarter turns) for a pair to count as matching better at an eighth of a turn.</summary>
    public const float EighthCloser = 0.95f;

    /// <summary>The share of reference pairs that must match better at an eighth of a turn for the eighth-turned copies to be added
    /// beside the quarter-turned ones. On MVTec 3D-AD tire turned by any angle (and cropped to its centre) 0.33 to 0.83 of the pairs
    /// did at <see cref="EighthCloser"/>; turned by exact quarter turns, none, where the eighth turns cost ranking (docs/accuracy.md,
    /// "Parts in any orientation").</summary>
    public const double EighthShare = 0.125;

    /// <summary>What the quarter-turned copies' count decides: keep them when at least <see cref="TurnedShare"/> of the pairs
    /// match better turned; when some but fewer do (parts at any angle with few references: 2 of 12 pairs on one draw of four
    /// any-angle tire references, where all the turned copies raised image AUROC from 0.682 to 0.785), let the eighth-turned copies
    /// decide for both; when none do, drop them.</summary>
    public static TurnChoice ChooseQuarterTurns(int turned, int pairs) =>
        pairs > 0 && turned >= TurnedShare * pairs ? TurnChoice.Keep : turned > 0 ? TurnChoice.AskEighths : TurnChoice.Drop;

    /// <summary>Whether the eighth-turned copies stay: at least <see cref="EighthShare"/> of the pairs match one of them better.</summary>
    public static bool ChooseEighthTurns(int better, int pairs) => pairs > 0 && better >= EighthShare * pairs;

    /// <summary>Counts the ordered reference pairs whose best match is a quarter-turned copy (<see cref="IsTurn"/>), at
    /// <see cref="Closer"/> of the distance to the reference itself and its mirror images.</summary>
    /// <param name="features">Patch features of every frame, frame f's at <c>f * gridWidth * gridHeight * dimensions</c>.</param>
    /// <param name="kinds">What each frame is; frame f comes from reference <c>f % references</c>.</param>
    /// <param name="references">How many references (the first frames).</param>
    /// <param name="gridWidth">Patch grid width.</param>
    /// <param name="gridHeight">Patch grid height.</param>
    /// <param name="dimensions">Feature length.</param>
    /// <returns>The pairs matching better turned, and the pairs compared (those whose second reference has a turned copy).</returns>
    public static (int Turned, int Pairs) Count(ReadOnlySpan<float> features, IReadOnlyList<CopyKind> kinds, int references, int gridWidth, int gridHeight, int dimensions) =>
        Count(features, kinds, references, gridWidth, gridHeight, dimensions, IsTurn, Closer);

    /// <summary>Counts the ordered reference pairs whose best match is an eighth-turned copy (<see cref="IsEighthTurn"/>), at
    /// <see cref="EighthCloser"/> of the distance to every other image of the reference (parameters as for
    /// <see cref="Count(ReadOnlySpan{float}, IReadOnlyList{CopyKind}, int, int, int, int)"/>).</summary>
    public static (int Turned, int Pairs) CountEighths(ReadOnlySpan<float> features, IReadOnlyList<CopyKind> kinds, int references, int gridWidth, int gridHeight, int dimensions) =>
        Count(features, kinds, references, gridWidth, gridHeight, dimensions, IsEighthTurn, EighthCloser);

    private static (int Turned, int Pairs) Count(ReadOnlySpan<float> features, IReadOnlyList<CopyKind> kinds, int references, int gridWidth, int gridHeight, int dimensions, Func<CopyKind, bool> candidate, float closer)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        ArgumentOutOfRangeException.ThrowIfLessThan(references, 1);
        int frames = kinds.Count;
        float[][] layouts = new float[frames][];
        for (int f = 0; f < frames; f++)
        {
            layouts[f] = Layout(features, f, gridWidth, gridHeight, dimensions);
        }

        int turned = 0, pairs = 0;
        for (int i = 0; i < references; i++)
        {
            for (int j = 0; j < references; j++)
            {
                if (i == j)
                {
                    continue;
                }

                float rest = float.PositiveInfinity, turn = float.PositiveInfinity;
                for (int f = j; f < frames; f += references)
                {
                    float d = TensorPrimitives.Distance(layouts[i], layouts[f]);
                    if (candidate(kinds[f]))
                    {
                        turn = Math.Min(turn, d);
                    }
                    else
                    {
                        rest = Math.Min(rest, d);
                    }
                }

                if (float.IsPositiveInfinity(turn))
                {
                    continue;
                }

                pairs++;
                turned += turn <= closer * rest ? 1 : 0;
            }
        }

        return (turned, pairs);
    }

    /// <summary>Whether a frame is an eighth-turned copy (45, 135, 225 or 315 degrees).</summary>
    public static bool IsEighthTurn(CopyKind kind) => kind is CopyKind.Turn45 or CopyKind.Turn135 or CopyKind.Turn225 or CopyKind.Turn315;

    /// <summary>Whether a frame is a quarter-turned copy (a quarter either way, or half a turn).</summary>
    public static bool IsTurn(CopyKind kind) => kind is CopyKind.TurnClockwise or CopyKind.TurnAnticlockwise or CopyKind.HalfTurn;

    /// <summary>Frame <paramref name="frame"/>'s patch features averaged over <see cref="Cells"/> x <see cref="Cells"/> cells.</summary>
    internal static float[] Layout(ReadOnlySpan<float> features, int frame, int gridWidth, int gridHeight, int dimensions)
    {
        int patches = gridWidth * gridHeight;
        float[] layout = new float[Cells * Cells * dimensions];
        int[] counts = new int[Cells * Cells];
        for (int p = 0; p < patches; p++)
        {
            int cell = ((p / gridWidth * Cells / gridHeight) * Cells) + (p % gridWidth * Cells / gridWidth);
            Span<float> sum = layout.AsSpan(cell * dimensions, dimensions);
            TensorPrimitives.Add(sum, features.Slice(((frame * patches) + p) * dimensions, dimensions), sum);
            counts[cell]++;
        }

        for (int c = 0; c < counts.Length; c++)
        {
            Span<float> sum = layout.AsSpan(c * dimensions, dimensions);
            TensorPrimitives.Divide(sum, Math.Max(1, counts[c]), sum);
        }

        return layout;
    }
}

/// <summary>What the orientation check decides for the quarter-turned copies.</summary>
internal enum TurnChoice
{
    /// <summary>No pair matched better turned: no turned copies.</summary>
    Drop,

    /// <summary>Some pairs, fewer than <see cref="OrientationCheck.TurnedShare"/>: the eighth-turned copies decide for both.</summary>
    AskEighths,

    /// <summary>Enough pairs: the quarter-turned copies stay, and the eighth-turned ones are checked on their own.</summary>
    Keep,
}
