using System.Text.Json;
using Customizable.Vlm.Evaluation.Datasets;
using Customizable.Vlm.Evaluation.Tests.Support;

namespace Customizable.Vlm.Evaluation.Tests.Datasets;

/// <summary>Datasets that point outside their root, or hold FIFOs and devices where images belong.</summary>
public class HostileInputTests
{
    private static string ManifestWith(DatasetTree tree, string defectImage, string goodImage = "data/bottle/test/good/000.png") =>
        tree.Text("manifest.json", JsonSerializer.Serialize(new[]
        {
            new Dictionary<string, object> { ["object_type"] = "bottle", ["defect_img_path"] = goodImage, ["good_img_path"] = goodImage, ["label"] = 1 },
            new Dictionary<string, object> { ["object_type"] = "bottle", ["defect_img_path"] = defectImage, ["good_img_path"] = goodImage, ["label"] = 0 },
        }));

    [Fact]
    public void A_manifest_entry_with_an_absolute_path_is_refused_naming_the_entry_unless_allowed()
    {
        using var tree = DatasetTree.Manifest();
        using var outside = new DatasetTree();
        string image = outside.Image("elsewhere/crack.png", 7);
        string manifest = ManifestWith(tree, image);

        var error = Assert.Throws<DatasetException>(() => DatasetReader.Read(manifest, "bottle"));
        EvaluationDataset allowed = DatasetReader.Read(manifest, "bottle", DatasetLayout.Manifest, new DatasetReaderOptions { AllowPathsOutsideRoot = true });

        Assert.Contains("Entry 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("absolute path", error.Message, StringComparison.Ordinal);
        Assert.Contains("--allow-outside-root", error.Message, StringComparison.Ordinal);
        Assert.Contains(allowed.Test, t => t.ImagePath == image);
    }

    [Theory]
    [InlineData("../elsewhere/crack.png")]
    [InlineData("data/../../elsewhere/crack.png")]
    [InlineData("..\\elsewhere\\crack.png")]
    public void A_manifest_entry_that_climbs_out_of_the_manifest_folder_is_refused(string path)
    {
        using var tree = DatasetTree.Manifest();
        string manifest = ManifestWith(tree, path);

        var error = Assert.Throws<DatasetException>(() => DatasetReader.Read(manifest, "bottle"));

        Assert.Contains("Entry 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("leaves the manifest's folder", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void A_manifest_path_holding_a_NUL_character_is_refused_naming_the_entry(bool inGoodImage, bool allowOutsideRoot)
    {
        // Found by a fuzzer: Path.GetFullPath threw a raw ArgumentException ("Null character in path").
        using var tree = DatasetTree.Manifest();
        string manifest = inGoodImage
            ? ManifestWith(tree, "data/bottle/test/crack/000.png", "data/bottle/test/good/0\u00000.png")
            : ManifestWith(tree, "data/bottle/test/crack/0\u00000.png");

        var error = Assert.Throws<DatasetException>(() => DatasetReader.Read(manifest, "bottle", DatasetLayout.Manifest, new DatasetReaderOptions { AllowPathsOutsideRoot = allowOutsideRoot }));

        // Outside the root the first entry's image also locates the base folder; a path holding NUL is found nowhere.
        Assert.Contains(inGoodImage && allowOutsideRoot ? "was found neither" : "NUL character", error.Message, StringComparison.Ordinal);
        Assert.Contains(inGoodImage ? (allowOutsideRoot ? "good/0" : "good_img_path") : "defect_img_path", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_manifest_path_with_dot_dot_that_stays_inside_the_folder_is_read()
    {
        using var tree = DatasetTree.Manifest();
        string manifest = ManifestWith(tree, "data/bottle/test/../test/crack/000.png");

        EvaluationDataset dataset = DatasetReader.Read(manifest, "bottle");

        Assert.Contains(dataset.Test, t => t.ImagePath == tree.Path("data/bottle/test/crack/000.png"));
    }

    [UnixFact]
    public void A_refused_absolute_manifest_path_is_never_opened_even_when_it_is_a_fifo()
    {
        using var tree = DatasetTree.Manifest();
        using var outside = new DatasetTree();
        string fifo = Fifo.Create(outside.Path("crack.png"));
        string manifest = ManifestWith(tree, fifo);

        DatasetException error = Fifo.WithinDeadline(() => Assert.Throws<DatasetException>(() => DatasetReader.Read(manifest, "bottle")), fifo);

        Assert.Contains("absolute path", error.Message, StringComparison.Ordinal);
    }

    [UnixFact]
    public void A_fifo_in_the_manifest_is_an_error_and_is_never_opened()
    {
        using var tree = DatasetTree.Manifest();
        string fifo = Fifo.Create(tree.Path("data/bottle/test/crack/fifo.png"));
        string manifest = ManifestWith(tree, "data/bottle/test/crack/fifo.png");

        DatasetException error = Fifo.WithinDeadline(() => Assert.Throws<DatasetException>(() => DatasetReader.Read(manifest, "bottle")), fifo);

        Assert.Equal(fifo, error.Path);
        Assert.Contains("not a regular file", error.Message, StringComparison.Ordinal);
    }

    [UnixFact]
    public void A_device_file_in_an_allowed_manifest_is_an_error()
    {
        using var tree = DatasetTree.Manifest();
        string manifest = ManifestWith(tree, "/dev/zero");

        var error = Assert.Throws<DatasetException>(() => DatasetReader.Read(manifest, "bottle", null, new DatasetReaderOptions { AllowPathsOutsideRoot = true }));

        Assert.Contains("not a regular file", error.Message, StringComparison.Ordinal);
    }

    [UnixFact]
    public void A_fifo_given_as_the_manifest_is_an_error_and_is_never_opened()
    {
        using var tree = new DatasetTree();
        string fifo = Fifo.Create(tree.Path("manifest.json"));

        DatasetException error = Fifo.WithinDeadline(() => Assert.Throws<DatasetException>(() => DatasetReader.Read(fifo, "bottle")), fifo);

        Assert.Contains("not a regular file", error.Message, StringComparison.Ordinal);
    }

    [UnixFact]
    public void A_fifo_named_like_an_image_in_a_test_folder_is_an_error_naming_it()
    {
        using var tree = DatasetTree.MvtecAd();
        string fifo = Fifo.Create(tree.Path("widget/test/good/zzz.png"));

        DatasetException error = Fifo.WithinDeadline(() => Assert.Throws<DatasetException>(() => DatasetReader.Read(tree.Root, "widget")), fifo);

        Assert.Equal(fifo, error.Path);
        Assert.Contains("not a regular file", error.Message, StringComparison.Ordinal);
    }

    [UnixFact]
    public void A_fifo_in_place_of_a_mask_is_an_error_naming_it()
    {
        using var tree = DatasetTree.MvtecAd();
        tree.Delete("widget/ground_truth/scratch/001_mask.png");
        string fifo = Fifo.Create(tree.Path("widget/ground_truth/scratch/001_mask.png"));

        DatasetException error = Fifo.WithinDeadline(() => Assert.Throws<DatasetException>(() => DatasetReader.Read(tree.Root, "widget")), fifo);

        Assert.Equal(fifo, error.Path);
    }

    [Theory]
    [InlineData("../widget")]
    [InlineData("..")]
    [InlineData("widget/test")]
    [InlineData("widget\\test")]
    public void A_category_that_is_not_a_folder_name_directly_in_the_root_is_refused(string category)
    {
        using var tree = DatasetTree.MvtecAd();
        string inner = Path.Combine(tree.Root, "inner");
        Directory.CreateDirectory(inner);

        var error = Assert.Throws<DatasetException>(() => DatasetReader.Read(inner, category, DatasetLayout.MvtecAd));

        Assert.Contains("must be the name of a folder directly in", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("001_mask.bmp")]
    [InlineData("001.png")]
    [InlineData("001.bmp")]
    public void Mvtec_ad_masks_are_found_under_every_accepted_name(string name)
    {
        using var tree = DatasetTree.MvtecAd();
        File.Move(tree.Path("widget/ground_truth/scratch/001_mask.png"), tree.Path("widget/ground_truth/scratch/" + name));

        EvaluationDataset dataset = DatasetReader.Read(tree.Root, "widget");

        DatasetItem item = dataset.Test.Single(t => t.RelativePath == "widget/test/scratch/001.png");
        Assert.Equal(tree.Path("widget/ground_truth/scratch/" + name), Assert.Single(item.MaskPaths));
    }

    [Fact]
    public void A_missing_mask_error_lists_every_accepted_name()
    {
        using var tree = DatasetTree.MvtecAd();
        tree.Delete("widget/ground_truth/scratch/001_mask.png");

        var error = Assert.Throws<DatasetException>(() => DatasetReader.Read(tree.Root, "widget"));

        Assert.Contains("001_mask.bmp", error.Message, StringComparison.Ordinal);
        Assert.Contains("001.png", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mvtec_3d_ad_masks_may_be_bmp()
    {
        using var tree = DatasetTree.Mvtec3d();
        File.Move(tree.Path("tire/test/cut/gt/001.png"), tree.Path("tire/test/cut/gt/001.bmp"));

        EvaluationDataset dataset = DatasetReader.Read(tree.Root, "tire");

        Assert.Contains(dataset.Test, t => t.MaskPaths.Contains(tree.Path("tire/test/cut/gt/001.bmp")));
    }

    [Fact]
    public void A_layout_that_does_not_fit_names_the_layout_the_folder_looks_like()
    {
        using var tree = DatasetTree.Mvtec3d();

        var error = Assert.Throws<DatasetException>(() => DatasetReader.Read(tree.Root, "tire", DatasetLayout.MvtecAd));

        Assert.Contains("looks like the 'mvtec3d' layout", error.Message, StringComparison.Ordinal);
        Assert.Contains("--layout mvtec3d", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_empty_folder_error_lists_every_accepted_extension()
    {
        using var tree = DatasetTree.MvtecAd();
        Directory.CreateDirectory(tree.Path("widget/test/empty"));

        var error = Assert.Throws<DatasetException>(() => DatasetReader.Read(tree.Root, "widget"));

        Assert.All(DatasetFiles.ImageExtensionList, e => Assert.Contains(e, error.Message, StringComparison.Ordinal));
    }
}
