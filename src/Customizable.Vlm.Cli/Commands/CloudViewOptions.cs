using System.CommandLine;
using Customizable.Vlm.Imaging;
using Customizable.Vlm.PointClouds;
using Customizable.Vlm.Video;

namespace Customizable.Vlm.Cli.Commands;

/// <summary><c>--cloud-views &lt;fast6|cpmf27&gt;</c> and <c>--cloud-align</c>: how point clouds are rendered (the options of
/// <see cref="PointCloudEncoder"/> that decide which views a cloud becomes).</summary>
internal static class CloudViewOptions
{
    private static readonly int DefaultNeighbours = new PointCloudEncoderOptions().NeighbourCount;

    /// <summary>The names <c>--cloud-views</c> accepts.</summary>
    public static readonly string[] ViewNames = ["fast6", "cpmf27"];

    /// <summary><c>--cloud-views</c>, <c>fast6</c> by default.</summary>
    public static Option<string> Views()
    {
        var option = new Option<string>("--cloud-views")
        {
            Description = "Point clouds: the cameras each cloud is rendered from: 'fast6' (six axis views, the default) or 'cpmf27' (27 rotations in the manner of CPMF, about 4.5 times slower).",
            DefaultValueFactory = _ => "fast6",
            HelpName = string.Join('|', ViewNames),
        };
        option.AcceptOnlyFromAmong(ViewNames);
        return option;
    }

    /// <summary><c>--cloud-align</c>: rotate every cloud onto its principal axes before rendering.</summary>
    public static Option<bool> Align() => new("--cloud-align")
    {
        Description = "Point clouds: rotate each cloud onto its principal axes before rendering, so a part scanned in another pose gives the same views.",
    };

    /// <summary><c>--cloud-neighbours &lt;k&gt;</c>: nearest neighbours per estimated normal, in [3, 64]; the encoder's default when absent.</summary>
    public static Option<int> Neighbours() => new("--cloud-neighbours")
    {
        Description = "Point clouds without normals: how many nearest neighbours each estimated normal is fitted to, 3 to 64 (default 30).",
        DefaultValueFactory = _ => DefaultNeighbours,
        HelpName = "k",
        CustomParser = r => CommonOptions.WholeNumber(r, "--cloud-neighbours", 3, "must be 3 to 64") switch
        {
            int k when k > 64 => Error(r),
            int k => k,
            null => DefaultNeighbours,
        },
    };

    /// <summary>The inspector's encoders for images, videos and point clouds rendered with these settings.</summary>
    /// <param name="views">A name from <see cref="ViewNames"/>.</param>
    /// <param name="align">Whether clouds are aligned on their principal axes.</param>
    /// <param name="neighbours">Nearest neighbours per estimated normal.</param>
    /// <returns>The encoders, images first.</returns>
    public static IModalityEncoder[] Encoders(string views, bool align, int neighbours) =>
    [
        new ImageEncoder(),
        new VideoEncoder(),
        new PointCloudEncoder(new PointCloudEncoderOptions
        {
            Views = views == "cpmf27" ? PointCloudViewPreset.Cpmf27 : PointCloudViewPreset.Fast6,
            AlignPrincipalAxes = align,
            NeighbourCount = neighbours,
        }),
    ];

    private static int Error(System.CommandLine.Parsing.ArgumentResult result)
    {
        result.AddError("--cloud-neighbours must be 3 to 64.");
        return DefaultNeighbours;
    }
}
