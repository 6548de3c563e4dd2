using Customizable.Vlm.Cli.Inputs;
using Customizable.Vlm.Cli.Tests.Support;
using Customizable.Vlm.Evaluation.Tests.Support;
using Customizable.Vlm.Video;

namespace Customizable.Vlm.Cli.Tests.Inputs;

/// <summary>Folders expand to inputs of one modality; sub-folders of frames are clips; a mix is a usage error.</summary>
public sealed class InputArgumentsTests
{
    private static Task<List<InputItem>> ExpandAsync(bool framesAreClip, params string[] paths) =>
        InputArguments.ExpandAsync(paths, "reference", framesAreClip, new VideoFrameReader(), CancellationToken.None);

    [Fact]
    public async Task Sub_folders_of_frames_are_one_clip_each_and_other_sub_folders_are_ignored()
    {
        using var tree = new DatasetTree();
        MediaFiles.FrameFolder(tree, "clips/b", 2);
        MediaFiles.FrameFolder(tree, "clips/a", 2);
        tree.Text("clips/empty/readme.md", "nothing");

        List<InputItem> items = await ExpandAsync(false, tree.Path("clips"));

        Assert.Equal([tree.Path("clips/a"), tree.Path("clips/b")], items.Select(i => i.Path));
        Assert.All(items, i => Assert.True(i.IsFrameFolder));
    }

    [Fact]
    public async Task A_folder_of_images_is_images_unless_frames_are_a_clip()
    {
        using var tree = new DatasetTree();
        string frames = MediaFiles.FrameFolder(tree, "frames", 3);

        List<InputItem> images = await ExpandAsync(false, frames);
        List<InputItem> clip = await ExpandAsync(true, frames);

        Assert.Equal(3, images.Count);
        Assert.All(images, i => Assert.Equal(ObservationModality.Image, i.Modality));
        InputItem single = Assert.Single(clip);
        Assert.Equal(frames, single.Path);
        Assert.Equal(ObservationModality.Video, single.Modality);
    }

    [Fact]
    public async Task A_folder_that_mixes_images_and_videos_is_a_usage_error_naming_one_of_each()
    {
        using var tree = new DatasetTree();
        tree.Image("mixed/part.png", 1);
        MediaFiles.Gif(tree, "mixed/clip.gif", 3);

        CliUsageException error = await Assert.ThrowsAsync<CliUsageException>(() => ExpandAsync(false, tree.Path("mixed")));

        Assert.Contains("mixes modalities", error.Message, StringComparison.Ordinal);
        Assert.Contains("'part.png' is an image", error.Message, StringComparison.Ordinal);
        Assert.Contains("'clip.gif' is a video", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clouds_and_a_readme_expand_to_the_clouds_only()
    {
        using var tree = new DatasetTree();
        MediaFiles.Cloud(tree, "clouds/b.xyz", 2, side: 5);
        MediaFiles.Cloud(tree, "clouds/a.txt", 1, side: 5);
        tree.Text("clouds/README.txt", "Normal parts, scanned on Monday.");

        List<InputItem> items = await ExpandAsync(false, tree.Path("clouds"));

        Assert.Equal(["a.txt", "b.xyz"], items.Select(i => Path.GetFileName(i.Path)));
        Assert.All(items, i => Assert.Equal(ObservationModality.PointCloud, i.Modality));
    }

    [Fact]
    public async Task A_folder_without_inputs_is_an_input_error()
    {
        using var tree = new DatasetTree();
        tree.Text("texts/readme.txt", "no inputs here");

        CliInputException error = await Assert.ThrowsAsync<CliInputException>(() => ExpandAsync(false, tree.Path("texts")));

        Assert.Contains("holds no images, point clouds or videos", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void References_of_two_modalities_given_as_separate_paths_are_a_usage_error()
    {
        InputItem[] items = [new("/a.png", ObservationModality.Image), new("/b.ply", ObservationModality.PointCloud)];

        CliUsageException error = Assert.Throws<CliUsageException>(() => InputArguments.RequireOneModality(items, "reference"));

        Assert.Contains("'b.ply' is a point cloud", error.Message, StringComparison.Ordinal);
    }
}
