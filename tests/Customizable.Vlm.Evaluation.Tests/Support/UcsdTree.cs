using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Customizable.Vlm.Evaluation.Tests.Support;

/// <summary>
/// A small UCSD-style layout drawn in memory: <c>ped/UCSDtest.m</c>, test clips <c>ped/testing/frames/NN/K.png</c> (unpadded names, so
/// numeric order differs from ordinal order), normal clips <c>ped/training/frames/NN</c>, and BMP masks in
/// <c>ped/testing/gt_masks/TestNNN/MMM.bmp</c> for the clips asked for. Anomalous frames (per the labels) carry a bright square.
/// </summary>
internal static class UcsdTree
{
    public const string Category = "ped";
    public const int Size = 32;

    /// <summary>Entry 1: frames 5-8 of 12; entry 2: a clip that is not present; entry 3: frames 1-3 and 9 of 10.</summary>
    public static readonly string[] DefaultLabels =
    [
        "TestVideoFile = {};",
        "TestVideoFile{end+1}.gt_frame = [5:8];",
        "TestVideoFile{end+1}.gt_frame = [1:4];  % clip 2 is not in the tree",
        "TestVideoFile{end+1}.gt_frame = [1:3, 9];",
    ];

    public static DatasetTree Create(string[]? labels = null, (int Clip, int Frames)[]? testClips = null, int[]? maskedClips = null, int trainClips = 2, int trainFrames = 5)
    {
        var tree = new DatasetTree();
        tree.Text($"{Category}/UCSDtest.m", string.Join('\n', labels ?? DefaultLabels) + "\n");
        int seed = 0;
        for (int c = 1; c <= trainClips; c++)
        {
            for (int k = 0; k < trainFrames; k++)
            {
                tree.Image($"{Category}/training/frames/{c:00}/{k}.png", seed++, null, Size);
            }
        }

        var anomalous = new Dictionary<int, HashSet<int>> { [1] = [4, 5, 6, 7], [3] = [0, 1, 2, 8] };
        foreach ((int clip, int frames) in testClips ?? [(1, 12), (3, 10)])
        {
            bool masked = (maskedClips ?? [1]).Contains(clip);
            for (int k = 0; k < frames; k++)
            {
                PixelRect? defect = anomalous.TryGetValue(clip, out var set) && set.Contains(k) ? PartImages.DefectAt(seed, Size) : null;
                tree.Image($"{Category}/testing/frames/{clip:00}/{k}.png", seed++, defect, Size);
                if (masked)
                {
                    Bmp(tree.Path($"{Category}/testing/gt_masks/Test{clip:000}/{k + 1:000}.bmp"), defect);
                }
            }
        }

        return tree;
    }

    private static void Bmp(string path, PixelRect? rect)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var mask = new Image<L8>(Size, Size);
        if (rect is { } r)
        {
            for (int y = r.Y; y < r.Bottom; y++)
            {
                for (int x = r.X; x < r.Right; x++)
                {
                    mask[x, y] = new L8(255);
                }
            }
        }

        mask.SaveAsBmp(path);
    }
}
