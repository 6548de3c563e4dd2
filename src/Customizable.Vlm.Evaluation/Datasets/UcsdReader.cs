using System.Globalization;
using System.Text.RegularExpressions;

namespace Customizable.Vlm.Evaluation.Datasets;

/// <summary>
/// Reads the UCSD anomaly-detection layout (Ped1, Ped2) as frames: <c>CAT/testing/frames/NN/*.jpg</c> per test clip (clip <c>NN</c> is
/// entry <c>NN</c> of the category's one <c>.m</c> label file, e.g. <c>UCSDped2.m</c>; any subset of the clips may be present),
/// <c>CAT/training/frames/NN/*</c> normal clips (the reference pool), and pixel masks where present in
/// <c>CAT/testing/gt_masks/TestNNN/*</c> (or <c>gt_masks/NN</c>), one per frame in frame order.
/// </summary>
/// <remarks>
/// <para>Frames are ordered by their file name, numbers compared as numbers; frame <c>k</c> (0-based, in that order) is anomalous when
/// <c>k + 1</c> lies in one of its clip's 1-based inclusive ranges. A range past the clip's last frame, a clip folder without an entry,
/// a malformed entry, or a mask folder whose file count differs from the frame count is a <see cref="DatasetException"/> naming
/// the file or folder.</para>
/// <para>Every item (training frames too) carries its clip (the folder name) and frame index (<see cref="DatasetItem.Clip"/>,
/// <see cref="DatasetItem.FrameIndex"/>), which the runner uses for per-clip AUROC and temporal smoothing. Stateless and thread-safe.</para>
/// </remarks>
internal static partial class UcsdReader
{
    /// <summary>The defect type of anomalous frames (the labels name no type).</summary>
    public const string AnomalousType = "anomalous";

    /// <summary>True when <paramref name="categoryFolder"/> looks like this layout (it has <c>testing/frames</c>).</summary>
    public static bool Matches(string categoryFolder) => Directory.Exists(Path.Combine(categoryFolder, "testing", "frames"));

    public static EvaluationDataset Read(string root, string categoryFolder, string category)
    {
        string labelsPath = FindLabelFile(categoryFolder);
        IReadOnlyList<IReadOnlyList<(int First, int Last)>> labels = UcsdFrameLabels.Read(labelsPath);

        var train = new List<DatasetItem>();
        string trainFolder = Path.Combine(categoryFolder, "training", "frames");
        foreach (string clip in ClipFolders(trainFolder, "training clips", requireNumber: false))
        {
            string name = Path.GetFileName(clip);
            train.AddRange(Frames(clip, $"training clip '{name}'").Select((f, k) => new DatasetItem(f, DatasetFiles.Relative(root, f), isAnomalous: false, DatasetItem.NormalType)
            {
                Clip = name,
                FrameIndex = k,
            }));
        }

        if (train.Count == 0)
        {
            throw new DatasetException(trainFolder, $"The training folder '{trainFolder}' holds no clip folders with frames (UCSD layout: training/frames/NN/*.jpg).", null);
        }

        var test = new List<DatasetItem>();
        bool allMasked = true;
        string testFolder = Path.Combine(categoryFolder, "testing", "frames");
        foreach (string clipFolder in ClipFolders(testFolder, "test clips", requireNumber: true))
        {
            string clip = Path.GetFileName(clipFolder);
            int number = ClipNumber(clip)!.Value;
            if (number > labels.Count)
            {
                throw new DatasetException(
                    clipFolder,
                    $"Test clip folder '{clipFolder}' is clip {number}, but the frame-label file '{labelsPath}' lists {labels.Count} clips.",
                    null);
            }

            List<string> frames = Frames(clipFolder, $"test clip '{clip}'");
            bool[] anomalous = Labels(labels[number - 1], frames.Count, labelsPath, number, clipFolder);
            List<string>? masks = FindMasks(categoryFolder, number, clip, frames.Count);
            allMasked &= masks is not null;
            for (int k = 0; k < frames.Count; k++)
            {
                test.Add(new DatasetItem(
                    frames[k],
                    DatasetFiles.Relative(root, frames[k]),
                    anomalous[k],
                    anomalous[k] ? AnomalousType : DatasetItem.NormalType,
                    masks is null ? null : [masks[k]])
                {
                    Clip = clip,
                    FrameIndex = k,
                });
            }
        }

        if (test.Count == 0)
        {
            throw new DatasetException(testFolder, $"The test folder '{testFolder}' holds no clip folders (UCSD layout: testing/frames/NN/*.jpg, NN = the clip's entry in '{labelsPath}').", null);
        }

        return new EvaluationDataset(root, category, DatasetLayout.Ucsd, train, test, allMasked);
    }

    /// <summary>Which frames of a clip are anomalous, from its 1-based inclusive ranges.</summary>
    internal static bool[] Labels(IReadOnlyList<(int First, int Last)> ranges, int frameCount, string labelsPath, int clip, string clipFolder)
    {
        bool[] anomalous = new bool[frameCount];
        foreach ((int first, int last) in ranges)
        {
            if (last > frameCount)
            {
                throw new DatasetException(
                    labelsPath,
                    string.Create(CultureInfo.InvariantCulture, $"The frame-label file '{labelsPath}' marks frames {first}-{last} of clip {clip} anomalous, but '{clipFolder}' holds {frameCount} frames."),
                    null);
            }

            Array.Fill(anomalous, true, first - 1, last - first + 1);
        }

        return anomalous;
    }

    private static string FindLabelFile(string categoryFolder)
    {
        string[] candidates = [.. Directory.GetFiles(categoryFolder, "*.m").Order(StringComparer.Ordinal)];
        return candidates.Length switch
        {
            1 => candidates[0],
            0 => throw new DatasetException(categoryFolder, $"The UCSD folder '{categoryFolder}' has no frame-label file (expected one .m file such as UCSDped2.m).", null),
            _ => throw new DatasetException(categoryFolder, $"The UCSD folder '{categoryFolder}' holds {candidates.Length} .m files ({string.Join(", ", candidates.Select(Path.GetFileName))}); keep only the frame-label file.", null),
        };
    }

    private static List<string> ClipFolders(string folder, string what, bool requireNumber)
    {
        List<string> clips = DatasetFiles.SubFolders(folder, what);
        if (requireNumber && clips.FirstOrDefault(c => ClipNumber(Path.GetFileName(c)) is null) is { } odd)
        {
            throw new DatasetException(odd, $"Test clip folder '{odd}' is not named by its clip number (expected NN or TestNNN, the clip's entry in the .m file).", null);
        }

        return [.. clips.OrderBy(c => ClipNumber(Path.GetFileName(c)) ?? int.MaxValue).ThenBy(c => c, StringComparer.Ordinal)];
    }

    private static List<string> Frames(string folder, string what) =>
        [.. DatasetFiles.RequireImages(folder, what).OrderBy(f => NumericKey(Path.GetFileNameWithoutExtension(f)), StringComparer.Ordinal)];

    /// <summary>The masks of a clip in frame order, or null when it has none; both <c>gt_masks/TestNNN</c> and <c>gt_masks/NN</c> are
    /// looked for.</summary>
    private static List<string>? FindMasks(string categoryFolder, int number, string clip, int frameCount)
    {
        string masksRoot = Path.Combine(categoryFolder, "testing", "gt_masks");
        string[] candidates = [Path.Combine(masksRoot, string.Create(CultureInfo.InvariantCulture, $"Test{number:000}")), Path.Combine(masksRoot, clip)];
        if (candidates.FirstOrDefault(Directory.Exists) is not { } folder)
        {
            return null;
        }

        List<string> masks = Frames(folder, $"mask folder of test clip '{clip}'");
        return masks.Count == frameCount
            ? masks
            : throw new DatasetException(folder, $"The mask folder '{folder}' holds {masks.Count} masks but test clip '{clip}' has {frameCount} frames (one mask per frame, in frame order).", null);
    }

    private static int? ClipNumber(string name)
    {
        Match m = ClipName().Match(name);
        return m.Success && int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1 ? n : null;
    }

    /// <summary>Orders numbers as numbers: digit runs are left-padded to 20 characters.</summary>
    private static string NumericKey(string stem) => Digits().Replace(stem, m => m.Value.PadLeft(20, '0'));

    [GeneratedRegex(@"^(?:Test)?(\d{1,6})$", RegexOptions.CultureInvariant)]
    private static partial Regex ClipName();

    [GeneratedRegex(@"\d+", RegexOptions.CultureInvariant)]
    private static partial Regex Digits();
}
