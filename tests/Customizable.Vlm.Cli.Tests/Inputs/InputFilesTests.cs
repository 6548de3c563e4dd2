using Customizable.Vlm.Cli.Inputs;
using Customizable.Vlm.Cli.Tests.Support;
using Customizable.Vlm.Evaluation.Tests.Support;
using Customizable.Vlm.Video;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Customizable.Vlm.Cli.Tests.Inputs;

/// <summary>How a file's modality is told: by extension, and by a look at the first bytes where an extension is shared.</summary>
public sealed class InputFilesTests
{
    private static readonly VideoFrameReader Reader = new();

    private static Task<ObservationModality?> ClassifyAsync(string path) => InputFiles.ClassifyAsync(path, Reader, CancellationToken.None);

    [Fact]
    public async Task A_float_xyz_tiff_is_a_point_cloud_and_an_rgb_tiff_is_an_image()
    {
        using var tree = new DatasetTree();
        string xyz = MediaFiles.XyzTiff(tree, "xyz.tiff");
        string rgb = tree.Path("rgb.tif");
        using (var image = new Image<Rgb24>(8, 6))
        {
            image.SaveAsTiff(rgb);
        }

        Assert.Equal(ObservationModality.PointCloud, await ClassifyAsync(xyz));
        Assert.Equal(ObservationModality.Image, await ClassifyAsync(rgb));
    }

    [Fact]
    public async Task An_animated_gif_is_a_video_and_a_single_frame_gif_an_image()
    {
        using var tree = new DatasetTree();
        string animated = MediaFiles.Gif(tree, "clip.gif", frames: 3);
        string still = MediaFiles.Gif(tree, "still.gif", frames: 1);

        Assert.Equal(ObservationModality.Video, await ClassifyAsync(animated));
        Assert.Equal(ObservationModality.Image, await ClassifyAsync(still));
    }

    [Fact]
    public async Task A_text_file_with_three_numbers_per_line_is_a_cloud_and_a_readme_is_skipped_unless_named()
    {
        using var tree = new DatasetTree();
        string csv = tree.Text("points.csv", "x,y,z\n0.1,0.2,0.3\n0.4,0.5,0.6\n");
        string readme = tree.Text("readme.txt", "These are the normal parts.\nTaken on Monday.\n");

        Assert.Equal(ObservationModality.PointCloud, await ClassifyAsync(csv));
        Assert.Null(await ClassifyAsync(readme));
        Assert.Equal(ObservationModality.PointCloud, await InputFiles.ClassifyNamedAsync(readme, Reader, CancellationToken.None));
    }

    [Theory]
    [InlineData("part.ply", ObservationModality.PointCloud)]
    [InlineData("part.PCD", ObservationModality.PointCloud)]
    [InlineData("scan.xyz", ObservationModality.PointCloud)]
    [InlineData("line3.mp4", ObservationModality.Video)]
    [InlineData("line3.MKV", ObservationModality.Video)]
    [InlineData("part.png", ObservationModality.Image)]
    [InlineData("part.jpeg", ObservationModality.Image)]
    public async Task Unambiguous_extensions_decide_without_reading_the_file(string name, ObservationModality expected)
    {
        using var tree = new DatasetTree();
        string path = tree.Text(name, "not read");

        Assert.Equal(expected, await ClassifyAsync(path));
    }

    [Fact]
    public async Task Unknown_extensions_and_hidden_files_are_not_inputs_in_a_folder()
    {
        using var tree = new DatasetTree();

        Assert.Null(await ClassifyAsync(tree.Text("notes.docx", "x")));
        Assert.Null(await ClassifyAsync(tree.Text(".hidden.png", "x")));
    }
}
