using Customizable.Vlm.Evaluation.Datasets;
using Customizable.Vlm.Evaluation.Tests.Support;

namespace Customizable.Vlm.Evaluation.Tests.Datasets;

public class UcsdReaderTests
{
    [Fact]
    public void The_layout_is_detected_and_each_clip_folder_takes_its_own_entry_of_the_label_file()
    {
        using DatasetTree tree = UcsdTree.Create();

        EvaluationDataset dataset = DatasetReader.Read(tree.Root, UcsdTree.Category);

        Assert.Equal(DatasetLayout.Ucsd, dataset.Layout);
        Assert.Equal(DatasetLayout.Ucsd, DatasetReader.DetectLayout(tree.Root, UcsdTree.Category));
        Assert.Equal(10, dataset.Train.Count);
        Assert.All(dataset.Train, t => Assert.False(t.IsAnomalous));
        Assert.Equal(22, dataset.Test.Count);
        Assert.Equal(["01", "03"], dataset.Test.Select(t => t.Clip).Distinct());

        // Clip 01 is entry 1 ([5:8], 1-based inclusive): 0-based frames 4-7. Clip 03 is entry 3 ([1:3, 9]): frames 0-2 and 8.
        DatasetItem[] clip1 = [.. dataset.Test.Where(t => t.Clip == "01")];
        DatasetItem[] clip3 = [.. dataset.Test.Where(t => t.Clip == "03")];
        Assert.Equal([4, 5, 6, 7], clip1.Where(t => t.IsAnomalous).Select(t => t.FrameIndex!.Value));
        Assert.Equal([0, 1, 2, 8], clip3.Where(t => t.IsAnomalous).Select(t => t.FrameIndex!.Value));
        Assert.All(dataset.Test.Where(t => t.IsAnomalous), t => Assert.Equal(UcsdReader.AnomalousType, t.DefectType));

        // Frames in numeric order of their names (10.png after 9.png), with the frame index following that order.
        Assert.Equal(Enumerable.Range(0, 12), clip1.Select(t => t.FrameIndex!.Value));
        Assert.Equal(Enumerable.Range(0, 12).Select(k => $"{k}.png"), clip1.Select(t => Path.GetFileName(t.ImagePath)));
        Assert.Equal("ped/testing/frames/01/10.png", clip1[10].RelativePath);
    }

    [Fact]
    public void Masks_are_matched_to_frames_in_order_and_only_some_clips_may_have_them()
    {
        using DatasetTree tree = UcsdTree.Create();

        EvaluationDataset dataset = DatasetReader.Read(tree.Root, UcsdTree.Category, DatasetLayout.Ucsd);

        Assert.False(dataset.HasMasks);
        DatasetItem[] clip1 = [.. dataset.Test.Where(t => t.Clip == "01")];
        Assert.All(clip1, t => Assert.Equal($"{t.FrameIndex + 1:000}.bmp", Path.GetFileName(Assert.Single(t.MaskPaths))));
        Assert.All(dataset.Test.Where(t => t.Clip == "03"), t => Assert.Empty(t.MaskPaths));

        using DatasetTree all = UcsdTree.Create(maskedClips: [1, 3]);
        Assert.True(DatasetReader.Read(all.Root, UcsdTree.Category).HasMasks);
    }

    [Fact]
    public void The_layout_name_ucsd_parses_and_round_trips()
    {
        Assert.Equal(DatasetLayout.Ucsd, DatasetReader.ParseLayout("UCSD"));
        Assert.Equal("ucsd", DatasetReader.GetLayoutName(DatasetLayout.Ucsd));
    }

    [Fact]
    public void A_malformed_entry_is_an_error_naming_the_label_file_and_line()
    {
        using DatasetTree tree = UcsdTree.Create(labels: ["TestVideoFile = {};", "TestVideoFile{end+1}.gt_frame = [5:8];", "TestVideoFile{end+1}.gt_frame = [61-180];"]);

        DatasetException ex = Assert.Throws<DatasetException>(() => DatasetReader.Read(tree.Root, UcsdTree.Category));

        Assert.Equal(tree.Path("ped/UCSDtest.m"), ex.Path);
        Assert.Contains("line 3", ex.Message, StringComparison.Ordinal);
        Assert.Contains("61-180", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("TestVideoFile{end+1}.gt_frame = [8:5];", "ends before it starts")]
    [InlineData("TestVideoFile{end+1}.gt_frame = [0:5];", "1-based")]
    [InlineData("TestVideoFile{end+1}.gt_frame = [1:2:3];", "1:2:3")]
    [InlineData("TestVideoFile{7}.gt_frame = [1:2];", "{7}")]
    [InlineData("gt_frame = 5", "expected")]
    public void Each_kind_of_malformed_entry_is_rejected_with_the_reason(string line, string reason)
    {
        DatasetException ex = Assert.Throws<DatasetException>(() => UcsdFrameLabels.Parse(["TestVideoFile = {};", line], "x.m"));

        Assert.Equal("x.m", ex.Path);
        Assert.Contains("line 2", ex.Message, StringComparison.Ordinal);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ranges_single_frames_comments_empty_entries_and_explicit_indices_parse()
    {
        var clips = UcsdFrameLabels.Parse(
            ["% labels", "TestVideoFile = {};", string.Empty, "TestVideoFile{1}.gt_frame = [60:152];", "TestVideoFile{end + 1}.gt_frame = [5:90, 140:200 7]  % two runs", "TestVideoFile{end+1}.gt_frame = [];"],
            "x.m");

        Assert.Equal(3, clips.Count);
        Assert.Equal([(60, 152)], clips[0]);
        Assert.Equal([(5, 90), (140, 200), (7, 7)], clips[1]);
        Assert.Empty(clips[2]);
        Assert.Throws<DatasetException>(() => UcsdFrameLabels.Parse(["TestVideoFile = {};"], "x.m"));
    }

    [Fact]
    public void A_label_range_beyond_the_clips_frame_count_is_an_error_naming_the_label_file()
    {
        // Clip 01 holds 6 frames, but its entry marks frames 5-8.
        using DatasetTree tree = UcsdTree.Create(testClips: [(1, 6)]);

        DatasetException ex = Assert.Throws<DatasetException>(() => DatasetReader.Read(tree.Root, UcsdTree.Category));

        Assert.Equal(tree.Path("ped/UCSDtest.m"), ex.Path);
        Assert.Contains("5-8", ex.Message, StringComparison.Ordinal);
        Assert.Contains("holds 6 frames", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_clip_folder_without_an_entry_is_an_error_naming_the_folder()
    {
        using DatasetTree tree = UcsdTree.Create(testClips: [(1, 12), (4, 3)]);

        DatasetException ex = Assert.Throws<DatasetException>(() => DatasetReader.Read(tree.Root, UcsdTree.Category));

        Assert.Equal(tree.Path("ped/testing/frames/04"), ex.Path);
        Assert.Contains("lists 3 clips", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_clip_folders_or_label_file_are_errors_naming_what_is_missing()
    {
        using DatasetTree tree = UcsdTree.Create();
        tree.Delete("ped/training/frames");
        DatasetException noTraining = Assert.Throws<DatasetException>(() => DatasetReader.Read(tree.Root, UcsdTree.Category, DatasetLayout.Ucsd));
        Assert.Equal(tree.Path("ped/training/frames"), noTraining.Path);

        using DatasetTree empty = UcsdTree.Create(testClips: []);
        Directory.CreateDirectory(empty.Path("ped/testing/frames"));
        DatasetException noClips = Assert.Throws<DatasetException>(() => DatasetReader.Read(empty.Root, UcsdTree.Category));
        Assert.Equal(empty.Path("ped/testing/frames"), noClips.Path);

        using DatasetTree noLabels = UcsdTree.Create();
        noLabels.Delete("ped/UCSDtest.m");
        DatasetException missing = Assert.Throws<DatasetException>(() => DatasetReader.Read(noLabels.Root, UcsdTree.Category));
        Assert.Contains(".m file", missing.Message, StringComparison.Ordinal);

        using DatasetTree badMasks = UcsdTree.Create();
        badMasks.Delete("ped/testing/gt_masks/Test001/012.bmp");
        DatasetException masks = Assert.Throws<DatasetException>(() => DatasetReader.Read(badMasks.Root, UcsdTree.Category));
        Assert.Equal(badMasks.Path("ped/testing/gt_masks/Test001"), masks.Path);
    }
}
