using Customizable.Vlm.Evaluation.Datasets;
using Customizable.Vlm.Evaluation.Tests.Support;

namespace Customizable.Vlm.Evaluation.Tests.Datasets;

public class RegularFilesTests
{
    [Fact]
    public void Files_folders_and_missing_paths_are_told_apart()
    {
        using var tree = new DatasetTree();
        string file = tree.Text("a.txt", "x");

        Assert.Equal(FileKind.Regular, RegularFiles.GetKind(file));
        Assert.Equal(FileKind.Directory, RegularFiles.GetKind(tree.Root));
        Assert.Equal(FileKind.Missing, RegularFiles.GetKind(tree.Path("nothing.png")));
    }

    [UnixFact]
    public void An_empty_regular_file_is_regular_and_a_fifo_and_a_device_are_special()
    {
        using var tree = new DatasetTree();
        string empty = tree.Text("empty.png", string.Empty);
        string fifo = Fifo.Create(tree.Path("pipe.png"));

        Assert.Equal(FileKind.Regular, RegularFiles.GetKind(empty));
        Assert.Equal(FileKind.Special, Fifo.WithinDeadline(() => RegularFiles.GetKind(fifo), fifo));
        Assert.Equal(FileKind.Special, RegularFiles.GetKind("/dev/null"));
    }
}
