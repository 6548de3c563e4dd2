using Customizable.Vlm.Cli.Commands;
using Customizable.Vlm.Evaluation.Tests.Support;
using Customizable.Vlm.PointClouds;

namespace Customizable.Vlm.Cli.Tests.Commands;

public class CloudViewOptionsTests
{
    [Theory]
    [InlineData("fast6", 6)]
    [InlineData("cpmf27", 27)]
    public void The_cloud_view_names_give_a_point_cloud_encoder_with_that_many_views(string views, int count)
    {
        IModalityEncoder[] encoders = CloudViewOptions.Encoders(views, align: true, neighbours: 30);

        PointCloudEncoder clouds = Assert.Single(encoders.OfType<PointCloudEncoder>());
        Assert.Equal(count, clouds.ViewCount);
        Assert.Equal(3, encoders.Length);
    }

    [Theory]
    [InlineData("--cloud-neighbours", "65", "--cloud-neighbours must be 3 to 64")]
    [InlineData("--cloud-neighbours", "2", "--cloud-neighbours must be 3 to 64")]
    [InlineData("--cloud-views", "cpmf28", "cpmf28")]
    public async Task Eval_refuses_cloud_options_out_of_range_with_exit_code_2(string option, string value, string message)
    {
        using var tree = new DatasetTree();

        CliRun run = await Cli.RunAsync(new FakeReasonerFactory(), CancellationToken.None, "eval", "--dataset", tree.Root, "--category", "box", option, value, "--out", tree.Path("out"));

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
    }
}
