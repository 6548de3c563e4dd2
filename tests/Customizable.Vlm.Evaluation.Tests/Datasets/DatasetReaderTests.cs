using Customizable.Vlm.Evaluation.Datasets;
using Customizable.Vlm.Evaluation.Tests.Support;

namespace Customizable.Vlm.Evaluation.Tests.Datasets;

public class DatasetReaderTests
{
    [Fact]
    public void Mvtec_ad_layout_is_detected_and_read_with_masks_per_defect()
    {
        using var tree = DatasetTree.MvtecAd(defects: ["crack", "scratch"], perDefect: 2, good: 3, train: 5);

        EvaluationDataset dataset = DatasetReader.Read(tree.Root, "widget");

        Assert.Equal(DatasetLayout.MvtecAd, dataset.Layout);
        Assert.Equal("widget", dataset.Category);
        Assert.Equal(5, dataset.Train.Count);
        Assert.All(dataset.Train, t => Assert.False(t.IsAnomalous));
        Assert.Equal(3, dataset.NormalCount);
        Assert.Equal(4, dataset.AnomalousCount);
        Assert.True(dataset.HasMasks);
        DatasetItem crack = dataset.Test.First(t => t.DefectType == "crack");
        Assert.Equal("widget/test/crack/000.png", crack.RelativePath);
        Assert.Equal(tree.Path("widget/ground_truth/crack/000_mask.png"), Assert.Single(crack.MaskPaths));
        Assert.All(dataset.Test.Where(t => !t.IsAnomalous), t => Assert.Empty(t.MaskPaths));
        Assert.Equal(["crack", "good", "scratch"], dataset.Test.Select(t => t.DefectType).Distinct());
    }

    [Fact]
    public void Mvtec_ad_without_a_ground_truth_folder_reads_image_level_only()
    {
        using var tree = DatasetTree.MvtecAd(masks: false);

        EvaluationDataset dataset = DatasetReader.Read(tree.Root, "widget", DatasetLayout.MvtecAd);

        Assert.False(dataset.HasMasks);
        Assert.All(dataset.Test, t => Assert.Empty(t.MaskPaths));
    }

    [Fact]
    public void A_missing_mvtec_ad_mask_is_an_error_naming_the_expected_file()
    {
        using var tree = DatasetTree.MvtecAd();
        tree.Delete("widget/ground_truth/scratch/001_mask.png");

        var error = Assert.Throws<DatasetException>(() => DatasetReader.Read(tree.Root, "widget"));

        Assert.Equal(tree.Path("widget/ground_truth/scratch/001_mask.png"), error.Path);
        Assert.Contains("001_mask.png", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mvtec_3d_ad_layout_reads_rgb_and_gt_and_ignores_xyz()
    {
        using var tree = DatasetTree.Mvtec3d(defects: ["cut", "hole"], perDefect: 2);

        EvaluationDataset dataset = DatasetReader.Read(tree.Root, "tire");

        Assert.Equal(DatasetLayout.Mvtec3dAd, dataset.Layout);
        Assert.Equal(4, dataset.Train.Count);
        Assert.Equal("tire/train/good/rgb/000.png", dataset.Train[0].RelativePath);
        Assert.True(dataset.HasMasks);
        Assert.Equal(7, dataset.Test.Count);
        DatasetItem cut = dataset.Test.First(t => t.DefectType == "cut");
        Assert.Equal("tire/test/cut/rgb/000.png", cut.RelativePath);
        Assert.Equal(tree.Path("tire/test/cut/gt/000.png"), Assert.Single(cut.MaskPaths));
        Assert.DoesNotContain(dataset.Test, t => t.RelativePath.Contains("xyz", StringComparison.Ordinal));
    }

    [Fact]
    public void A_mvtec_3d_ad_type_without_an_rgb_folder_is_an_error()
    {
        using var tree = DatasetTree.Mvtec3d();
        Directory.CreateDirectory(tree.Path("tire/test/hole/gt"));

        var error = Assert.Throws<DatasetException>(() => DatasetReader.Read(tree.Root, "tire", DatasetLayout.Mvtec3dAd));

        Assert.Equal(tree.Path("tire/test/hole/rgb"), error.Path);
    }

    [Fact]
    public void A_missing_mvtec_3d_ad_gt_file_of_an_anomalous_image_is_an_error()
    {
        using var tree = DatasetTree.Mvtec3d();
        tree.Delete("tire/test/cut/gt/002.png");

        var error = Assert.Throws<DatasetException>(() => DatasetReader.Read(tree.Root, "tire"));

        Assert.Equal(tree.Path("tire/test/cut/gt/002.png"), error.Path);
    }

    [Fact]
    public void Loco_masks_in_per_image_folders_are_all_collected()
    {
        using var tree = DatasetTree.Loco(maskFolders: true);

        EvaluationDataset dataset = DatasetReader.Read(tree.Root, "juice_bottle");

        Assert.Equal(DatasetLayout.MvtecLoco, dataset.Layout);
        DatasetItem first = dataset.Test.First(t => t.IsAnomalous);
        Assert.Equal("logical_anomalies", first.DefectType);
        Assert.Equal(
            [tree.Path("juice_bottle/ground_truth/logical_anomalies/000/000.png"), tree.Path("juice_bottle/ground_truth/logical_anomalies/000/001.png")],
            first.MaskPaths);
    }

    [Fact]
    public void Loco_flat_masks_are_read_too()
    {
        using var tree = DatasetTree.Loco(maskFolders: false, withGood: false);

        EvaluationDataset dataset = DatasetReader.Read(tree.Root, "juice_bottle");

        Assert.Equal(DatasetLayout.MvtecLoco, dataset.Layout);
        Assert.Equal(0, dataset.NormalCount);
        Assert.Equal(tree.Path("juice_bottle/ground_truth/logical_anomalies/001.png"), Assert.Single(dataset.Test[1].MaskPaths));
    }

    [Fact]
    public void A_missing_loco_mask_names_both_accepted_forms()
    {
        using var tree = DatasetTree.Loco(maskFolders: false);
        tree.Delete("juice_bottle/ground_truth/logical_anomalies/002.png");

        var error = Assert.Throws<DatasetException>(() => DatasetReader.Read(tree.Root, "juice_bottle"));

        Assert.Contains("002.png", error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine("002", "000.png"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_loco_mask_folder_is_an_error()
    {
        using var tree = DatasetTree.Loco(maskFolders: true);
        foreach (string file in Directory.GetFiles(tree.Path("juice_bottle/ground_truth/logical_anomalies/001")))
        {
            File.Delete(file);
        }

        var error = Assert.Throws<DatasetException>(() => DatasetReader.Read(tree.Root, "juice_bottle"));

        Assert.Equal(tree.Path("juice_bottle/ground_truth/logical_anomalies/001"), error.Path);
    }

    [Fact]
    public void The_manifest_is_read_with_backslash_paths_resolved_from_its_folder()
    {
        using var tree = DatasetTree.Manifest(good: 4, anomalous: 3);

        EvaluationDataset dataset = DatasetReader.Read(tree.Path("manifest.json"), "bottle");

        Assert.Equal(DatasetLayout.Manifest, dataset.Layout);
        Assert.Equal(Path.GetFullPath(tree.Root), Path.GetFullPath(dataset.Root));
        Assert.Equal(4, dataset.Train.Count);
        Assert.Equal("data/bottle/test/good/000.png", dataset.Train[0].RelativePath);
        Assert.Equal(7, dataset.Test.Count);
        Assert.Equal(3, dataset.AnomalousCount);
        Assert.All(dataset.Test.Where(t => t.IsAnomalous), t => Assert.Equal("crack", t.DefectType));
        Assert.All(dataset.Test, t => Assert.True(File.Exists(t.ImagePath)));
        Assert.False(dataset.HasMasks);
    }

    [Fact]
    public void A_manifest_whose_paths_are_relative_to_a_parent_folder_is_refused_with_a_hint_unless_allowed()
    {
        using var tree = DatasetTree.Manifest(good: 4, anomalous: 3, manifestFolder: "manifests/sub");
        string manifest = tree.Path("manifests/sub/manifest.json");

        var error = Assert.Throws<DatasetException>(() => DatasetReader.Read(manifest, "bottle"));
        EvaluationDataset dataset = DatasetReader.Read(manifest, "bottle", null, new DatasetReaderOptions { AllowPathsOutsideRoot = true });

        Assert.Contains("Entry 0", error.Message, StringComparison.Ordinal);
        Assert.Contains("--allow-outside-root", error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.GetFullPath(tree.Root), error.Message, StringComparison.Ordinal);
        Assert.Equal(Path.GetFullPath(tree.Root), Path.GetFullPath(dataset.Root));
        Assert.Equal(7, dataset.Test.Count);
    }

    [Fact]
    public void A_folder_with_one_json_file_is_detected_as_a_manifest()
    {
        using var tree = DatasetTree.Manifest();

        Assert.Equal(DatasetLayout.Manifest, DatasetReader.DetectLayout(tree.Root, "bottle"));
        Assert.Equal(7, DatasetReader.Read(tree.Root, "bottle").Test.Count);
    }

    [Fact]
    public void A_manifest_without_the_category_lists_the_object_types_it_has()
    {
        using var tree = DatasetTree.Manifest();

        var error = Assert.Throws<DatasetException>(() => DatasetReader.Read(tree.Path("manifest.json"), "cable"));

        Assert.Contains("bottle, other", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("{\"a\": 1}", "must be a JSON list")]
    [InlineData("[{\"object_type\": \"bottle\", \"good_img_path\": \"x.png\", \"label\": 1}]", "Entry 0")]
    [InlineData("[{\"object_type\": \"bottle\", \"defect_img_path\": \"x.png\", \"good_img_path\": \"x.png\", \"label\": 2}]", "must be 1 (normal) or 0 (anomalous)")]
    [InlineData("[{\"object_type\": \"bottle\", \"defect_img_path\": \"x.png\", \"good_img_path\": \"x.png\"}]", "has no 'label'")]
    [InlineData("[3]", "is not an object")]
    public void A_malformed_manifest_is_an_error_naming_the_file(string json, string expected)
    {
        using var tree = new DatasetTree();
        string path = tree.Text("m.json", json);

        var error = Assert.Throws<DatasetException>(() => DatasetReader.Read(path, "bottle"));

        Assert.Equal(path, error.Path);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_manifest_image_that_exists_nowhere_is_an_error()
    {
        using var tree = new DatasetTree();
        string path = tree.Text("m.json", "[{\"object_type\": \"bottle\", \"defect_img_path\": \"nowhere\\\\a.png\", \"good_img_path\": \"nowhere\\\\b.png\", \"label\": 0, \"defect_type\": \"crack\"}]");

        var error = Assert.Throws<DatasetException>(() => DatasetReader.Read(path, "bottle"));

        Assert.Contains("Entry 0", error.Message, StringComparison.Ordinal);
        Assert.Contains("'nowhere\\b.png' does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_later_manifest_entry_whose_file_is_missing_is_an_error_naming_it()
    {
        using var tree = DatasetTree.Manifest();
        tree.Delete("data/bottle/test/crack/002.png");

        var error = Assert.Throws<DatasetException>(() => DatasetReader.Read(tree.Path("manifest.json"), "bottle"));

        Assert.Equal(tree.Path("data/bottle/test/crack/002.png"), error.Path);
    }

    [Fact]
    public void The_dataset_path_may_be_the_category_folder_itself()
    {
        using var tree = DatasetTree.MvtecAd();

        EvaluationDataset dataset = DatasetReader.Read(tree.Path("widget"), "widget");

        Assert.Equal(6, dataset.Test.Count);
        Assert.Equal("widget/test/good/000.png", dataset.Test.First(t => !t.IsAnomalous).RelativePath);
    }

    [Fact]
    public void A_missing_dataset_path_is_an_error_naming_it()
    {
        string missing = Path.Combine(Path.GetTempPath(), "cvlm-missing-" + Guid.NewGuid().ToString("N"));

        var error = Assert.Throws<DatasetException>(() => DatasetReader.Read(missing, "widget"));

        Assert.Equal(missing, error.Path);
    }

    [Fact]
    public void A_missing_category_lists_the_categories_present()
    {
        using var tree = DatasetTree.MvtecAd();
        Directory.CreateDirectory(tree.Path("gadget"));

        var error = Assert.Throws<DatasetException>(() => DatasetReader.Read(tree.Root, "bottle"));

        Assert.Contains("gadget, widget", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_layout_is_an_error_that_suggests_the_layout_option()
    {
        using var tree = new DatasetTree();
        tree.Text("widget/readme.txt", "nothing here");
        Directory.CreateDirectory(tree.Path("widget/test/good"));

        var error = Assert.Throws<DatasetException>(() => DatasetReader.Read(tree.Root, "widget"));

        Assert.Equal(tree.Path("widget"), error.Path);
        Assert.Contains("--layout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plain_file_that_is_not_json_is_not_a_dataset()
    {
        using var tree = new DatasetTree();
        string file = tree.Text("data.csv", "a,b");

        Assert.Throws<DatasetException>(() => DatasetReader.DetectLayout(file, "widget"));
    }

    [Fact]
    public void A_missing_training_folder_is_an_error_naming_it()
    {
        using var tree = DatasetTree.MvtecAd();
        tree.Delete("widget/train");

        var error = Assert.Throws<DatasetException>(() => DatasetReader.Read(tree.Root, "widget"));

        Assert.Equal(tree.Path("widget/train/good"), error.Path);
    }

    [Fact]
    public void An_empty_test_type_folder_is_an_error_never_a_silent_empty_set()
    {
        using var tree = DatasetTree.MvtecAd();
        Directory.CreateDirectory(tree.Path("widget/test/dent"));
        tree.Text("widget/test/dent/notes.txt", "no images");

        var error = Assert.Throws<DatasetException>(() => DatasetReader.Read(tree.Root, "widget", DatasetLayout.MvtecAd));

        Assert.Equal(tree.Path("widget/test/dent"), error.Path);
        Assert.Contains("holds no images", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_test_folder_without_type_folders_is_an_error()
    {
        using var tree = new DatasetTree();
        tree.Image("widget/train/good/000.png", 1);
        Directory.CreateDirectory(tree.Path("widget/test"));

        var error = Assert.Throws<DatasetException>(() => DatasetReader.Read(tree.Root, "widget", DatasetLayout.MvtecAd));

        Assert.Equal(tree.Path("widget/test"), error.Path);
    }

    [Theory]
    [InlineData("mvtec", DatasetLayout.MvtecAd)]
    [InlineData("MVTEC3D", DatasetLayout.Mvtec3dAd)]
    [InlineData("loco", DatasetLayout.MvtecLoco)]
    [InlineData("manifest", DatasetLayout.Manifest)]
    public void Layout_names_parse_and_round_trip(string name, DatasetLayout layout)
    {
        Assert.Equal(layout, DatasetReader.ParseLayout(name));
        Assert.Equal(name.ToLowerInvariant(), DatasetReader.GetLayoutName(layout));
    }

    [Fact]
    public void An_unknown_layout_name_lists_the_valid_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => DatasetReader.ParseLayout("visa"));

        Assert.Contains("mvtec, mvtec3d, loco, manifest", error.Message, StringComparison.Ordinal);
    }
}
