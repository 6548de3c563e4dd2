using System.Text.Json;
using Customizable.Vlm.Evaluation.Tests.Support;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Processing;

namespace Customizable.Vlm.Cli.Tests.Commands;

/// <summary><c>--threshold-margin</c>, <c>--memory-bank-size</c> and the other embedded-reasoner options: validated, mapped to the embedded reasoner, refused elsewhere.</summary>
public class ReasonerOptionsCommandTests
{
    public static TheoryData<string, string, string> BadValues => new()
    {
        { "--threshold-margin", "abc", "--threshold-margin: 'abc' is not a number." },
        { "--threshold-margin", "NaN", "--threshold-margin must be a finite number." },
        { "--threshold-margin", "Infinity", "--threshold-margin must be a finite number." },
        { "--threshold-margin", "1e999", "--threshold-margin must be a finite number." },
        { "--threshold-margin", "1e308", "--threshold-margin must be from -20 to 20 spreads." },
        { "--threshold-margin", "-20.5", "--threshold-margin must be from -20 to 20 spreads." },
        { "--memory-bank-size", "-1", "--memory-bank-size must be 0 (keep every patch) or a positive number of patches." },
        { "--memory-bank-size", "1.5", "--memory-bank-size: '1.5' is not a whole number." },
        { "--self-tuning", "-5", "--self-tuning must be 0 (off) or a positive number of seconds." },
        { "--input-size", "16", "--input-size must be from 32 to 2048 pixels." },
        { "--input-size", "4096", "--input-size must be from 32 to 2048 pixels." },
        { "--input-size", "big", "--input-size: 'big' is not a whole number." },
        { "--input-shape", "round", "--input-shape must be 'square' or 'aspect', not 'round'." },
        { "--edge-rings", "9", "--edge-rings must be from 0 to 8." },
        { "--edge-rings", "-1", "--edge-rings must be from 0 to 8." },
        { "--edge-rings", "x", "--edge-rings: 'x' is not a whole number." },
        { "--feature-norm", "none", "--feature-norm must be 'layer' or 'whole', not 'none'." },
        { "--averaging-window", "2", "--averaging-window must be an odd number from 1 to 15." },
        { "--averaging-window", "0", "--averaging-window must be an odd number from 1 to 15." },
        { "--averaging-window", "17", "--averaging-window must be an odd number from 1 to 15." },
        { "--averaging-window", "three", "--averaging-window: 'three' is not a whole number." },
        { "--mirrored-copies", "both", "--mirrored-copies must be 'on' or 'off', not 'both'." },
        { "--mirrored-query", "yes", "--mirrored-query must be 'on' or 'off', not 'yes'." },
        { "--turned-copies", "always", "--turned-copies must be 'auto', 'on' or 'off', not 'always'." },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task Invalid_values_are_usage_errors_on_every_command_that_takes_them(string option, string value, string message)
    {
        using var tree = new DatasetTree();
        string image = tree.Image("good.png", 1, null, 32);
        string[][] commands =
        [
            ["customize", "--references", image, "--out", tree.Path("p.cvlm"), option, value],
            ["eval", "--dataset", tree.Root, "--category", "widget", "--out", tree.Path("out"), option, value],
            ["inspect", "--profile", tree.Path("p.cvlm"), image, option, value],
        ];

        foreach (string[] args in commands)
        {
            CliRun run = await Cli.RunAsync(new FakeReasonerFactory(), CancellationToken.None, args);

            Assert.True(run.ExitCode == 2, $"{args[0]}: {run}");
            Assert.Contains(message, run.Error, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("--threshold-margin", "-0.5")]
    [InlineData("--memory-bank-size", "1000")]
    public async Task A_reasoner_that_is_not_the_embedded_one_refuses_the_options_instead_of_ignoring_them(string option, string value)
    {
        using var tree = DatasetTree.MvtecAd();
        string references = tree.Path("widget/train/good");

        CliRun eval = await Cli.RunAsync(new FakeReasonerFactory(), CancellationToken.None, "eval", "--dataset", tree.Root, "--category", "widget", "--out", tree.Path("out"), option, value);
        CliRun customize = await Cli.RunAsync(new FakeReasonerFactory(), CancellationToken.None, "customize", "--references", references, "--out", tree.Path("p.cvlm"), option, value);

        foreach (CliRun run in new[] { eval, customize })
        {
            Assert.True(run.ExitCode == 2, run.ToString());
            Assert.Contains($"{option} applies only to the embedded reasoner", run.Error, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(tree.Path("out/metrics.json")));
        Assert.False(File.Exists(tree.Path("p.cvlm")));
    }

    [Fact]
    public async Task Customize_passes_the_margin_and_bank_size_to_the_embedded_reasoner_and_the_profile_keeps_the_bank_size()
    {
        using DatasetTree tree = ThreeReferences(96);

        string profilePath = tree.Path("small.cvlm");
        CliRun run = await Cli.RunAsync("customize", "--references", tree.Path("refs"), "--threshold-margin", "-0.5", "--memory-bank-size", "300", "--out", profilePath);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("threshold margin -0.5", run.Output, StringComparison.Ordinal);
        Assert.Contains("memory bank of at most 300 patches", run.Output, StringComparison.Ordinal);
        using var reasoner = new Customizable.Vlm.Onnx.FeatureReasoner();
        InspectionProfile profile = await new AnomalyInspector(reasoner).LoadProfileAsync(profilePath);
        var model = Assert.IsType<Customizable.Vlm.Onnx.FeatureReferenceModel>(profile.ReferenceModel);
        Assert.Equal(300, model.PatchCount);
    }

    [Fact]
    public async Task Customize_at_another_input_size_keeps_it_in_the_profile_and_inspect_uses_it_without_the_option()
    {
        using DatasetTree tree = ThreeReferences(96);

        string profilePath = tree.Path("small.cvlm");
        CliRun run = await Cli.RunAsync("customize", "--references", tree.Path("refs"), "--input-size", "160", "--out", profilePath);
        CliRun inspect = await Cli.RunAsync("inspect", "--profile", profilePath, tree.Path("refs/0.png"), "--json");
        CliRun refused = await Cli.RunAsync("inspect", "--profile", profilePath, tree.Path("refs/0.png"), "--input-size", "224");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("input 160x160 pixels", run.Output, StringComparison.Ordinal);
        using var reasoner = new Customizable.Vlm.Onnx.FeatureReasoner();
        InspectionProfile profile = await new AnomalyInspector(reasoner).LoadProfileAsync(profilePath);
        var model = Assert.IsType<Customizable.Vlm.Onnx.FeatureReferenceModel>(profile.ReferenceModel);
        Assert.Equal((20, 20), (model.GridWidth, model.GridHeight));
        AssertInspectedAndChangeRefused(inspect, refused, "--input-size");
    }

    [Theory]
    [InlineData(null, 14, 28)]
    [InlineData("aspect", 14, 28)]
    [InlineData("square", 20, 20)]
    public async Task Customize_gives_the_input_the_references_proportions_unless_told_square_and_inspect_refuses_the_option(string? shape, int gridWidth, int gridHeight)
    {
        using var tree = new DatasetTree();
        for (int i = 0; i < 3; i++)
        {
            // 48 x 96 references: at a 160 x 160 budget the input becomes 112 x 224 (grid 14 x 28).
            string path = tree.Image($"refs/{i}.png", i, null, 96);
            using (var image = SixLabors.ImageSharp.Image.Load(path))
            {
                image.Mutate(x => x.Crop(new SixLabors.ImageSharp.Rectangle(24, 0, 48, 96)));
                await image.SaveAsPngAsync(path);
            }
        }

        string profilePath = tree.Path("p.cvlm");
        string[] args = ["customize", "--references", tree.Path("refs"), "--input-size", "160", "--out", profilePath];
        CliRun run = await Cli.RunAsync(shape is null ? args : [.. args, "--input-shape", shape]);
        CliRun inspect = await Cli.RunAsync("inspect", "--profile", profilePath, tree.Path("refs/0.png"), "--json");
        CliRun refused = await Cli.RunAsync("inspect", "--profile", profilePath, tree.Path("refs/0.png"), "--input-shape", "square");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var reasoner = new Customizable.Vlm.Onnx.FeatureReasoner();
        InspectionProfile profile = await new AnomalyInspector(reasoner).LoadProfileAsync(profilePath);
        var model = Assert.IsType<Customizable.Vlm.Onnx.FeatureReferenceModel>(profile.ReferenceModel);
        Assert.Equal((gridWidth, gridHeight), (model.GridWidth, model.GridHeight));
        Assert.Contains($"Backbone input: {gridWidth * 8}x{gridHeight * 8} pixels", run.Output, StringComparison.Ordinal);
        AssertInspectedAndChangeRefused(inspect, refused, "--input-shape");
    }

    [Fact]
    public async Task Customize_with_edge_rings_keeps_them_in_the_profile_inspect_uses_them_and_without_the_option_they_are_chosen()
    {
        using DatasetTree tree = ThreeReferences(64);

        string edgePath = tree.Path("edge.cvlm");
        string plainPath = tree.Path("plain.cvlm");
        CliRun run = await Cli.RunAsync("customize", "--references", tree.Path("refs"), "--input-size", "64", "--edge-rings", "1", "--out", edgePath);
        CliRun plain = await Cli.RunAsync("customize", "--references", tree.Path("refs"), "--input-size", "64", "--edge-rings", "0", "--out", plainPath);
        CliRun chosen = await Cli.RunAsync("customize", "--references", tree.Path("refs"), "--input-size", "64", "--out", tree.Path("chosen.cvlm"));
        CliRun inspect = await Cli.RunAsync("inspect", "--profile", edgePath, tree.Path("refs/0.png"), "--json");
        CliRun refused = await Cli.RunAsync("inspect", "--profile", edgePath, tree.Path("refs/0.png"), "--edge-rings", "1");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.True(chosen.ExitCode == 0, chosen.ToString());
        Assert.Contains("edge rings 1", run.Output, StringComparison.Ordinal);
        Assert.Contains("edge rings 0", plain.Output, StringComparison.Ordinal);
        // Pinned values are not chosen; without the option customization chooses and says why.
        Assert.DoesNotContain("chosen because", run.Output + plain.Output, StringComparison.Ordinal);
        Assert.Matches(@"edge rings [01], chosen because \d+ of \d+ held-out reference view\(s\)", chosen.Output);
        using var reasoner = new Customizable.Vlm.Onnx.FeatureReasoner();
        var inspector = new AnomalyInspector(reasoner);
        var edgeModel = Assert.IsType<Customizable.Vlm.Onnx.FeatureReferenceModel>((await inspector.LoadProfileAsync(edgePath)).ReferenceModel);
        var plainModel = Assert.IsType<Customizable.Vlm.Onnx.FeatureReferenceModel>((await inspector.LoadProfileAsync(plainPath)).ReferenceModel);
        Assert.Contains("|edge=1", edgeModel.FeatureSignature, StringComparison.Ordinal);
        Assert.DoesNotContain("|edge=", plainModel.FeatureSignature, StringComparison.Ordinal);
        AssertInspectedAndChangeRefused(inspect, refused, "--edge-rings");
    }

    [Fact]
    public async Task Customize_with_feature_norm_whole_keeps_the_older_signature_and_inspect_refuses_to_change_it()
    {
        using DatasetTree tree = ThreeReferences(64);

        (CliRun whole, CliRun layer, CliRun inspect, CliRun refused, string wholePath, string layerPath) =
            await PinnedAndPlainAsync(tree, ["--feature-norm", "whole"], ["--feature-norm", "layer"]);

        Assert.True(whole.ExitCode == 0, whole.ToString());
        Assert.True(layer.ExitCode == 0, layer.ToString());
        Assert.Contains("the whole feature normalised at once", whole.Output, StringComparison.Ordinal);
        Assert.Contains("each layer's part normalised on its own", layer.Output, StringComparison.Ordinal);
        Customizable.Vlm.Onnx.FeatureReferenceModel wholeModel = await LoadModelAsync(wholePath);
        Customizable.Vlm.Onnx.FeatureReferenceModel layerModel = await LoadModelAsync(layerPath);
        Assert.False(wholeModel.NormalizesLayersSeparately);
        Assert.DoesNotContain("norm=", wholeModel.FeatureSignature, StringComparison.Ordinal);
        Assert.True(layerModel.NormalizesLayersSeparately);
        AssertInspectedAndChangeRefused(inspect, refused, "--feature-norm");
    }

    [Fact]
    public async Task The_mirrored_query_is_on_by_default_off_on_request_and_kept_in_the_profile_which_inspect_cannot_change()
    {
        using DatasetTree tree = ThreeReferences(64);

        (CliRun once, CliRun mirrored, CliRun inspect, CliRun refused, string oncePath, string mirroredPath) =
            await PinnedAndPlainAsync(tree, ["--mirrored-query", "off"], ["--mirrored-query", "on"]);

        Assert.True(mirrored.ExitCode == 0, mirrored.ToString());
        Assert.True(once.ExitCode == 0, once.ToString());
        Assert.Contains("each query also scored mirrored left to right", mirrored.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("mirrored left to right", once.Output, StringComparison.Ordinal);
        Assert.Contains("queries scored once (not mirrored)", once.Output, StringComparison.Ordinal);
        Assert.True((await LoadModelAsync(mirroredPath)).MirrorsQuery);
        Assert.False((await LoadModelAsync(oncePath)).MirrorsQuery);
        AssertInspectedAndChangeRefused(inspect, refused, "--mirrored-query");
    }

    [Fact]
    public async Task Mirrored_copies_can_be_left_out_which_customize_prints_and_the_profile_keeps_without_the_mirrored_query()
    {
        using DatasetTree tree = ThreeReferences(64);

        (CliRun without, CliRun plain, CliRun inspect, CliRun refused, string withoutPath, string plainPath) =
            await PinnedAndPlainAsync(tree, ["--mirrored-copies", "off", "--turned-copies", "off"], ["--mirrored-copies", "on"]);

        Assert.True(without.ExitCode == 0, without.ToString());
        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.Contains("no mirrored copies of the references (pinned)", without.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("mirrored copies", plain.Output, StringComparison.Ordinal);
        // The mirrored query needs left-right copies in the memory, so it is off too, and the memory holds a third of the images.
        Assert.DoesNotContain("each query also scored mirrored", without.Output, StringComparison.Ordinal);
        Customizable.Vlm.Onnx.FeatureReferenceModel withoutModel = await LoadModelAsync(withoutPath);
        Customizable.Vlm.Onnx.FeatureReferenceModel plainModel = await LoadModelAsync(plainPath);
        Assert.False(withoutModel.MirrorsQuery);
        Assert.True(plainModel.MirrorsQuery);
        Assert.True(withoutModel.PatchCount < plainModel.PatchCount, $"{withoutModel.PatchCount} against {plainModel.PatchCount} patches");
        AssertInspectedAndChangeRefused(inspect, refused, "--mirrored-copies");
    }

    [Fact]
    public async Task The_mirrored_query_pinned_on_without_mirrored_copies_is_refused_instead_of_silently_dropped()
    {
        using DatasetTree tree = ThreeReferences(64);

        CliRun customize = await Cli.RunAsync("customize", "--references", tree.Path("refs"), "--mirrored-copies", "off", "--mirrored-query", "on", "--out", tree.Path("p.cvlm"));
        using var dataset = DatasetTree.MvtecAd();
        CliRun eval = await Cli.RunAsync("eval", "--dataset", dataset.Root, "--category", "widget", "--mirrored-copies", "off", "--mirrored-query", "on", "--out", dataset.Path("out"));

        foreach (CliRun run in new[] { customize, eval })
        {
            Assert.True(run.ExitCode == 2, run.ToString());
            Assert.Contains("--mirrored-query on needs the mirrored copies", run.Error, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(tree.Path("p.cvlm")));
        Assert.False(File.Exists(dataset.Path("out/metrics.json")));
    }

    [Fact]
    public async Task Turned_copies_are_chosen_by_default_added_on_request_printed_and_fixed_in_the_profile()
    {
        using DatasetTree tree = ThreeReferences(64);

        (CliRun turned, CliRun plain, CliRun inspect, CliRun refused, string turnedPath, _) =
            await PinnedAndPlainAsync(tree, ["--turned-copies", "on"], ["--turned-copies", "off"]);
        CliRun off = await Cli.RunAsync("customize", "--references", tree.Path("refs"), "--input-size", "64", "--turned-copies", "off", "--out", tree.Path("off.cvlm"));

        Assert.True(turned.ExitCode == 0, turned.ToString());
        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.True(off.ExitCode == 0, off.ToString());
        Assert.Contains("quarter- and eighth-turned copies of the references in the memory (pinned)", turned.Output, StringComparison.Ordinal);
        // Left open, customize says what it chose and why.
        Assert.Matches(@"quarter-turned copies( (not )?added)?: \d+ of 6 reference pairs matched better turned", plain.Output);
        Assert.DoesNotContain("turned copies", off.Output.Replace("no turned copies", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("no turned copies", off.Output, StringComparison.Ordinal);
        Assert.True((await LoadModelAsync(turnedPath)).PatchCount > (await LoadModelAsync(tree.Path("off.cvlm"))).PatchCount);
        AssertInspectedAndChangeRefused(inspect, refused, "--turned-copies");
    }

    [Fact]
    public async Task Customize_with_an_averaging_window_keeps_it_in_the_profile_and_inspect_uses_it_without_the_option()
    {
        using DatasetTree tree = ThreeReferences(64);

        (CliRun fine, CliRun plain, CliRun inspect, CliRun refused, string finePath, _) =
            await PinnedAndPlainAsync(tree, ["--averaging-window", "1"], ["--averaging-window", "3"]);

        Assert.True(fine.ExitCode == 0, fine.ToString());
        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.Contains("no feature averaging", fine.Output, StringComparison.Ordinal);
        Assert.Contains("features averaged over 3 x 3 patches", plain.Output, StringComparison.Ordinal);
        using var reasoner = new Customizable.Vlm.Onnx.FeatureReasoner();
        var inspector = new AnomalyInspector(reasoner);
        var fineModel = Assert.IsType<Customizable.Vlm.Onnx.FeatureReferenceModel>((await inspector.LoadProfileAsync(finePath)).ReferenceModel);
        Assert.Contains("|k1", fineModel.FeatureSignature, StringComparison.Ordinal);
        AssertInspectedAndChangeRefused(inspect, refused, "--averaging-window");
    }

    [Fact]
    public async Task Customize_with_self_tuning_prints_every_setting_tried_and_the_one_chosen()
    {
        using DatasetTree tree = ThreeReferences(96);

        CliRun run = await Cli.RunAsync("customize", "--references", tree.Path("refs"), "--self-tuning", "60", "--out", tree.Path("tuned.cvlm"));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("self-tuning within 60 s", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"Self-tuning: (stretch|center-crop)\+(l2|raw), chosen from 4 setting\(s\) by \d+ synthetic defects planted on 3 held-out reference\(s\)", run.Output);
        foreach (string name in new[] { "stretch+l2", "center-crop+raw", "center-crop+l2", "stretch+raw" })
        {
            Assert.Contains(name + " ", run.Output, StringComparison.Ordinal);
        }

        Assert.Contains("Decision threshold: ", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_records_the_pinned_settings_in_the_reasoner_description()
    {
        using var tree = DatasetTree.MvtecAd(category: "part", train: 2, good: 2, perDefect: 2, size: 64);
        string output = tree.Path("out");

        CliRun run = await Cli.RunAsync("eval", "--dataset", tree.Root, "--category", "part", "--threshold-margin", "0.25", "--memory-bank-size", "0", "--out", output);

        Assert.True(run.ExitCode == 0, run.ToString());
        using JsonDocument metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "metrics.json")));
        string description = metrics.RootElement.GetProperty("reasoner_description").GetString()!;
        Assert.Contains("threshold margin 0.25", description, StringComparison.Ordinal);
        Assert.Contains("every patch kept", description, StringComparison.Ordinal);
        Assert.Contains("hit rate", run.Output, StringComparison.Ordinal);
        Assert.Contains("F1 of the decision", run.Output, StringComparison.Ordinal);
        // What customization chose is printed as customize prints it, here with the check for turned copies of the 2 references.
        Assert.Contains("Decision threshold: ", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"quarter-turned copies( (not )?added)?: \d+ of 2 reference pairs", run.Output);
    }

    /// <summary>A dataset tree with three generated reference images of <paramref name="size"/> pixels in <c>refs/</c>.</summary>
    /// <summary>The embedded reasoner's model in a saved profile.</summary>
    private static async Task<Customizable.Vlm.Onnx.FeatureReferenceModel> LoadModelAsync(string path)
    {
        using var reasoner = new Customizable.Vlm.Onnx.FeatureReasoner();
        return Assert.IsType<Customizable.Vlm.Onnx.FeatureReferenceModel>((await new AnomalyInspector(reasoner).LoadProfileAsync(path)).ReferenceModel);
    }

    /// <summary>The saved profile was inspected as it is, and <paramref name="option"/> was refused on it as a setting the profile fixes.</summary>
    private static void AssertInspectedAndChangeRefused(CliRun inspect, CliRun refused, string option)
    {
        Assert.True(inspect.ExitCode == 0, inspect.ToString());
        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Contains($"{option} cannot change a saved profile", refused.Error, StringComparison.Ordinal);
    }

    /// <summary>Customizes the tree's references at 64 pixels with <paramref name="pinned"/> (pinned.cvlm) and without (plain.cvlm),
    /// inspects the pinned profile as it is, and again with <paramref name="change"/>, which inspect must refuse.</summary>
    private static async Task<(CliRun Pinned, CliRun Plain, CliRun Inspect, CliRun Refused, string PinnedPath, string PlainPath)> PinnedAndPlainAsync(DatasetTree tree, string[] pinned, string[] change)
    {
        string pinnedPath = tree.Path("pinned.cvlm");
        string plainPath = tree.Path("plain.cvlm");
        CliRun pinnedRun = await Cli.RunAsync(["customize", "--references", tree.Path("refs"), "--input-size", "64", .. pinned, "--out", pinnedPath]);
        CliRun plainRun = await Cli.RunAsync("customize", "--references", tree.Path("refs"), "--input-size", "64", "--out", plainPath);
        CliRun inspect = await Cli.RunAsync("inspect", "--profile", pinnedPath, tree.Path("refs/0.png"), "--json");
        CliRun refused = await Cli.RunAsync(["inspect", "--profile", pinnedPath, tree.Path("refs/0.png"), .. change]);
        return (pinnedRun, plainRun, inspect, refused, pinnedPath, plainPath);
    }

    private static DatasetTree ThreeReferences(int size)
    {
        var tree = new DatasetTree();
        for (int i = 0; i < 3; i++)
        {
            tree.Image($"refs/{i}.png", i, null, size);
        }

        return tree;
    }
}
