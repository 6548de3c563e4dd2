using System.Text.Json;
using Customizable.Vlm.Evaluation.Tests.Support;

namespace Customizable.Vlm.Cli.Tests.Commands;

/// <summary>Customizes one profile from generated good parts (embedded reasoner), then inspects with it.</summary>
public sealed class CustomizeAndInspectCommandTests : IClassFixture<CustomizeAndInspectCommandTests.ProfileFixture>
{
    private readonly ProfileFixture _fixture;

    public CustomizeAndInspectCommandTests(ProfileFixture fixture) => _fixture = fixture;

    [Fact]
    public void Customize_writes_the_profile_and_says_what_it_used()
    {
        Assert.True(_fixture.Customize.ExitCode == 0, _fixture.Customize.ToString());
        Assert.True(File.Exists(_fixture.ProfilePath));
        Assert.Contains("Customized from 4 reference(s) and 2 rule(s)", _fixture.Customize.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Customize_prints_its_feature_settings_and_the_evidence_for_the_threshold()
    {
        string output = _fixture.Customize.Output;

        // Self-tuning is off by default: the measured default settings, and the threshold from synthetic defects.
        Assert.Contains("Feature settings: stretch+l2 (pinned or self-tuning off).", output, StringComparison.Ordinal);
        Assert.Matches(@"Decision threshold: \d+\.\d{3} \(raw distance\), a quarter of the way from the mean of \d+ held-out normal scores", output);
        Assert.Contains("synthetic-defect scores", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Customize_warns_once_that_the_embedded_reasoner_does_not_read_plain_text_rules()
    {
        string[] lines = _fixture.Customize.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        string warning = Assert.Single(lines);
        Assert.StartsWith("cvlm: warning: the embedded reasoner does not read plain-text rules, and all 2 rules given are plain text only", warning, StringComparison.Ordinal);
        Assert.Contains("max_defect_area_fraction and ignore_regions", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_prints_a_file_name_with_terminal_escapes_and_a_line_break_escaped_and_keeps_it_in_json()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Windows file names cannot hold control characters.
        }

        string folder = _fixture.Tree.Path("hostile-names");
        Directory.CreateDirectory(folder);
        const string name = "a\u001B[31mred\nb.png: ANOMALOUS.png";
        File.Copy(_fixture.Good, Path.Combine(folder, name));

        CliRun text = await Cli.RunAsync("inspect", "--profile", _fixture.ProfilePath, folder);
        CliRun json = await Cli.RunAsync("inspect", "--profile", _fixture.ProfilePath, folder, "--json");

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.DoesNotContain('\u001B', text.Output);
        Assert.Contains("a\\x1B[31mred\\nb.png: ANOMALOUS.png: normal", text.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("\nb.png", text.Output, StringComparison.Ordinal);
        using JsonDocument parsed = JsonDocument.Parse(json.Output);
        Assert.Equal(Path.Combine(folder, name), parsed.RootElement[0].GetProperty("path").GetString());
    }

    [Fact]
    public async Task An_error_quoting_a_file_name_with_terminal_escapes_prints_them_escaped_on_one_line()
    {
        CliRun run = await Cli.RunAsync("inspect", "--profile", _fixture.ProfilePath, _fixture.Tree.Path("missing\u001B[2J\u001B]0;x\u0007.png"));

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.DoesNotContain('\u001B', run.Error);
        Assert.DoesNotContain('\u0007', run.Error);
        Assert.Contains("missing\\x1B[2J\\x1B]0;x\\x07.png", run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Inspect_refuses_threshold_and_bank_options_because_the_saved_profile_fixes_them()
    {
        CliRun margin = await Cli.RunAsync("inspect", "--profile", _fixture.ProfilePath, _fixture.Good, "--threshold-margin", "-1");
        CliRun both = await Cli.RunAsync("inspect", "--profile", _fixture.ProfilePath, _fixture.Good, "--threshold-margin", "1", "--memory-bank-size", "10");

        Assert.True(margin.ExitCode == 2, margin.ToString());
        Assert.Contains("--threshold-margin cannot change a saved profile", margin.Error, StringComparison.Ordinal);
        Assert.Contains("cvlm customize", margin.Error, StringComparison.Ordinal);
        Assert.Empty(margin.Output);
        Assert.True(both.ExitCode == 2, both.ToString());
        Assert.Contains("--threshold-margin and --memory-bank-size cannot change a saved profile", both.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_refuses_a_reasoner_whose_search_the_saved_profile_does_not_have_and_accepts_the_one_it_has()
    {
        CliRun exact = await Cli.RunAsync("inspect", "--profile", _fixture.ProfilePath, _fixture.Good, "--reasoner", "default-exact");
        CliRun same = await Cli.RunAsync("inspect", "--profile", _fixture.ProfilePath, _fixture.Good, "--reasoner", "default");

        Assert.True(exact.ExitCode == 2, exact.ToString());
        Assert.Contains("--reasoner default-exact asks for exact search, but the profile", exact.Error, StringComparison.Ordinal);
        Assert.Contains("128 projected components", exact.Error, StringComparison.Ordinal);
        Assert.Contains("cvlm customize --reasoner default-exact", exact.Error, StringComparison.Ordinal);
        Assert.Empty(exact.Output);
        Assert.True(same.ExitCode == 0, same.ToString());
        Assert.Contains($"{_fixture.Good}: normal", same.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_of_an_exact_search_profile_refuses_the_projected_reasoner()
    {
        string exactProfile = _fixture.Tree.Path("profiles/exact.cvlm");
        CliRun customize = await Cli.RunAsync("customize", "--references", _fixture.ReferenceFolder, "--reasoner", "default-exact", "--out", exactProfile);

        CliRun projected = await Cli.RunAsync("inspect", "--profile", exactProfile, _fixture.Good, "--reasoner", "default");
        CliRun implicitReasoner = await Cli.RunAsync("inspect", "--profile", exactProfile, _fixture.Good);

        Assert.True(customize.ExitCode == 0, customize.ToString());
        Assert.True(projected.ExitCode == 2, projected.ToString());
        Assert.Contains("asks for projected search, but the profile", projected.Error, StringComparison.Ordinal);
        Assert.Contains("exact search over all feature dimensions", projected.Error, StringComparison.Ordinal);
        Assert.True(implicitReasoner.ExitCode == 0, implicitReasoner.ToString());
    }

    [Fact]
    public async Task Inspect_json_gives_a_verdict_per_file_and_flags_the_planted_defect()
    {
        CliRun run = await Cli.RunAsync("inspect", "--profile", _fixture.ProfilePath, _fixture.Good, _fixture.Defective, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using JsonDocument json = JsonDocument.Parse(run.Output);
        JsonElement[] verdicts = [.. json.RootElement.EnumerateArray()];
        Assert.Equal(2, verdicts.Length);
        Assert.Equal(_fixture.Good, verdicts[0].GetProperty("path").GetString());
        foreach (string field in new[] { "is_anomalous", "score", "status", "reasoning", "regions" })
        {
            Assert.True(verdicts[0].TryGetProperty(field, out _), field);
        }

        Assert.False(verdicts[0].GetProperty("is_anomalous").GetBoolean(), verdicts[0].ToString());
        Assert.True(verdicts[1].GetProperty("is_anomalous").GetBoolean(), verdicts[1].ToString());
        Assert.True(verdicts[1].GetProperty("score").GetDouble() > verdicts[0].GetProperty("score").GetDouble());
        JsonElement region = verdicts[1].GetProperty("regions")[0];
        int x = region.GetProperty("x").GetInt32(), y = region.GetProperty("y").GetInt32();
        Assert.True(x <= _fixture.Plant.Right && x + region.GetProperty("width").GetInt32() >= _fixture.Plant.X, region.ToString());
        Assert.True(y <= _fixture.Plant.Bottom && y + region.GetProperty("height").GetInt32() >= _fixture.Plant.Y, region.ToString());
    }

    [Fact]
    public async Task Inspect_text_prints_decision_score_reasoning_and_regions_for_a_folder()
    {
        CliRun run = await Cli.RunAsync("inspect", "--profile", _fixture.ProfilePath, _fixture.QueryFolder);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"{_fixture.Defective}: ANOMALOUS  score ", run.Output, StringComparison.Ordinal);
        Assert.Contains($"{_fixture.Good}: normal  score ", run.Output, StringComparison.Ordinal);
        Assert.Contains("region 1: x=", run.Output, StringComparison.Ordinal);
        Assert.Contains("0.50 is the threshold", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corrupted_profile_exits_with_3()
    {
        string corrupt = _fixture.Tree.Text("corrupt.cvlm", "not a profile");

        CliRun run = await Cli.RunAsync("inspect", "--profile", corrupt, _fixture.Good);

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("corrupt.cvlm", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_image_or_reference_exits_with_3()
    {
        CliRun inspect = await Cli.RunAsync("inspect", "--profile", _fixture.ProfilePath, _fixture.Tree.Path("nope.png"));
        CliRun customize = await Cli.RunAsync("customize", "--references", _fixture.Tree.Path("nowhere"), "--out", _fixture.Tree.Path("x.cvlm"));

        Assert.True(inspect.ExitCode == 3, inspect.ToString());
        Assert.Contains("nope.png", inspect.Error, StringComparison.Ordinal);
        Assert.True(customize.ExitCode == 3, customize.ToString());
        Assert.Contains("nowhere", customize.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rules.txt", "# nothing but a comment\n")]
    [InlineData("rules.json", "{\"text\": \"not a list\"}")]
    [InlineData("rules.json", "[{\"id\": \"no text\"}]")]
    [InlineData("rules.json", "[{\"text\": \"too large\", \"max_defect_area_fraction\": 3}]")]
    [InlineData("rules.json", "[{\"text\": \"r\", \"ignore_regions\": [{\"x\": 1}]}]")]
    public async Task A_bad_rules_file_exits_with_3(string name, string content)
    {
        string rules = _fixture.Tree.Text(name, content);

        CliRun run = await Cli.RunAsync(new FakeReasonerFactory(), CancellationToken.None, "customize", "--references", _fixture.ReferenceFolder, "--rules", rules, "--out", _fixture.Tree.Path("bad.cvlm"));

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains(name, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_rules_with_machine_checks_are_accepted()
    {
        string rules = _fixture.Tree.Text("checks.json", "[{\"text\": \"Spots up to half the part are tolerated.\", \"id\": \"spots\", \"max_defect_area_fraction\": 0.5, \"ignore_regions\": [{\"x\": 0, \"y\": 0, \"width\": 4, \"height\": 4}]}]");

        CliRun run = await Cli.RunAsync(new FakeReasonerFactory(), CancellationToken.None, "customize", "--references", _fixture.ReferenceFolder, "--rules", rules, "--out", _fixture.Tree.Path("checks.cvlm"));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("and 1 rule(s)", run.Output, StringComparison.Ordinal);
    }

    public sealed class ProfileFixture : IAsyncLifetime
    {
        internal DatasetTree Tree { get; } = new();

        public string ReferenceFolder => Tree.Path("refs");

        public string QueryFolder => Tree.Path("queries");

        public string ProfilePath => Tree.Path("profiles/part.cvlm");

        public string Good { get; private set; } = string.Empty;

        public string Defective { get; private set; } = string.Empty;

        public PixelRect Plant { get; } = new(40, 56, 32, 32);

        internal CliRun Customize { get; private set; } = new(-1, string.Empty, string.Empty);

        public async Task InitializeAsync()
        {
            for (int i = 0; i < 4; i++)
            {
                Tree.Image($"refs/{i:000}.png", i, null, 128);
            }

            Good = Tree.Image("queries/a-good.png", 100, null, 128);
            Defective = Tree.Image("queries/b-defective.png", 101, Plant, 128);
            string rules = Tree.Text("rules.txt", "# what a good part looks like\nThe texture is regular.\n\nBright spots are defects.\n");
            Customize = await Cli.RunAsync("customize", "--references", ReferenceFolder, "--class", "a textured part", "--rules", rules, "--out", ProfilePath);
        }

        public Task DisposeAsync()
        {
            Tree.Dispose();
            return Task.CompletedTask;
        }
    }
}
