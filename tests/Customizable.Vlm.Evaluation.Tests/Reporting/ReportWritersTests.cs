using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Customizable.Vlm.Evaluation.Datasets;
using Customizable.Vlm.Evaluation.Reporting;
using Customizable.Vlm.Evaluation.Tests.Support;
using SixLabors.ImageSharp;

namespace Customizable.Vlm.Evaluation.Tests.Reporting;

public class ReportWritersTests
{
    [Fact]
    public async Task Metrics_json_has_the_required_snake_case_fields_with_their_values()
    {
        using var tree = DatasetTree.MvtecAd(defects: ["crack", "scratch"]);
        EvaluationResult result = await RunAsync(tree, new EvaluationOptions { Shots = 3, Seed = 5 });
        using var stream = new MemoryStream();

        MetricsJsonWriter.Write(result, stream);

        using JsonDocument json = JsonDocument.Parse(stream.ToArray());
        JsonElement root = json.RootElement;
        Assert.All(MetricsJsonFields.Required, f => Assert.True(root.TryGetProperty(f, out _), $"missing {f}"));
        Assert.Equal("widget", root.GetProperty("category").GetString());
        Assert.Equal(3, root.GetProperty("shots").GetInt32());
        Assert.Equal(5, root.GetProperty("seed").GetInt32());
        Assert.Equal("default", root.GetProperty("reasoner").GetString());
        Assert.Equal(3, root.GetProperty("n_normal").GetInt32());
        Assert.Equal(6, root.GetProperty("n_anomalous").GetInt32());
        Assert.Equal(result.Metrics.ImageAuroc, root.GetProperty("image_auroc").GetDouble());
        Assert.Equal(result.Metrics.AuPro, root.GetProperty("au_pro").GetDouble());
        Assert.Equal(1.0, root.GetProperty("hit_rate").GetDouble());
        Assert.Equal(6, root.GetProperty("n_hit_rate").GetInt32());
        Assert.Equal(12.0 / 15.0, root.GetProperty("f1_trivial").GetDouble(), 12);
        Assert.False(root.GetProperty("f1_max_is_trivial").GetBoolean());
        Assert.Equal(result.Metrics.DecisionF1, root.GetProperty("f1_decision").GetDouble());
        JsonElement crack = root.GetProperty("per_defect_type").GetProperty("crack");
        Assert.Equal(3, crack.GetProperty("n_anomalous").GetInt32());
        Assert.Equal(3, crack.GetProperty("n_normal").GetInt32());
        Assert.Equal(1.0, crack.GetProperty("image_auroc").GetDouble());
        Assert.Equal(1.0, crack.GetProperty("hit_rate").GetDouble());
        Assert.Equal(3, crack.GetProperty("n_hit_rate").GetInt32());
        Assert.Equal(3, root.GetProperty("references").GetArrayLength());
    }

    [Fact]
    public async Task Undefined_metrics_are_written_as_json_null()
    {
        using var tree = DatasetTree.MvtecAd(masks: false);
        EvaluationResult result = await RunAsync(tree, new EvaluationOptions());
        using var stream = new MemoryStream();

        MetricsJsonWriter.Write(result, stream);

        using JsonDocument json = JsonDocument.Parse(stream.ToArray());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("pixel_auroc").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("au_pro").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("hit_rate").ValueKind);
        Assert.Equal(0, json.RootElement.GetProperty("n_hit_rate").GetInt32());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("shots_requested").ValueKind);
        Assert.DoesNotContain("NaN", Encoding.UTF8.GetString(stream.ToArray()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("cr\rhere", "\"cr\rhere\"")]
    public void Csv_fields_are_quoted_as_rfc_4180_requires(string raw, string expected)
    {
        Assert.Equal(expected, PredictionsCsvWriter.Field(raw));
    }

    [Fact]
    public async Task Predictions_csv_has_one_row_per_test_item_that_parses_back()
    {
        using var tree = DatasetTree.MvtecAd();
        tree.Image("widget/test/good/with, comma.png", 77);
        EvaluationResult result = await RunAsync(tree, new EvaluationOptions());
        var writer = new StringWriter();

        PredictionsCsvWriter.Write(result, writer);

        List<string[]> rows = ParseCsv(writer.ToString());
        Assert.Equal(PredictionsCsvWriter.Header.Split(','), rows[0]);
        Assert.Equal(result.Predictions.Count + 1, rows.Count);
        string[] comma = rows.Single(r => r[0] == "widget/test/good/with, comma.png");
        Assert.Equal("normal", comma[1]);
        Assert.Equal("good", comma[2]);
        Assert.Equal("false", comma[4]);
        Assert.StartsWith("mean brightness", comma[6], StringComparison.Ordinal);
        Assert.Contains("\"quoted\", with a comma", comma[6], StringComparison.Ordinal);
        Assert.All(rows.Skip(1), r => Assert.Equal(7, r.Length));
        Assert.Contains("\r\n", writer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_html_report_is_self_contained_and_shows_the_worst_errors_as_embedded_images()
    {
        using var tree = DatasetTree.MvtecAd(good: 3, perDefect: 6, size: 128);
        // Threshold 0 flags every item: no false negative, and the three normal items are false positives.
        EvaluationResult result = await RunAsync(tree, new EvaluationOptions(), threshold: 0.0);

        string html = await HtmlReportWriter.RenderAsync(result, new HtmlReportOptions { WorstCount = 2, ThumbnailSize = 64 });

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("<table>", html, StringComparison.Ordinal);
        Assert.Contains("Per defect type", html, StringComparison.Ordinal);
        Assert.Contains("0.800 (0.80x F1-max)", html, StringComparison.Ordinal); // flagging all 6 anomalous and 3 normal items: F1 12/15
        Assert.Contains("1.000 (6 images)", html, StringComparison.Ordinal); // the hit rate
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        MatchCollection images = Regex.Matches(html, "data:image/png;base64,([A-Za-z0-9+/=]+)");
        Assert.Equal(2, images.Count); // three normal false positives exist; WorstCount caps them at 2, and there is no false negative
        foreach (Match m in images)
        {
            using Image image = Image.Load(Convert.FromBase64String(m.Groups[1].Value));
            Assert.True(Math.Max(image.Width, image.Height) <= 64);
        }
    }

    [Fact]
    public async Task The_report_stays_small_with_default_options()
    {
        using var tree = DatasetTree.MvtecAd(good: 8, perDefect: 8, size: 256);
        EvaluationResult result = await RunAsync(tree, new EvaluationOptions(), threshold: 0.0);

        string html = await HtmlReportWriter.RenderAsync(result);

        Assert.InRange(Regex.Count(html, "data:image/png"), 1, 12);
        Assert.True(html.Length < 2_000_000, $"{html.Length} characters");
    }

    [Fact]
    public async Task All_three_files_are_written_and_no_temporary_file_is_left()
    {
        using var tree = DatasetTree.MvtecAd();
        EvaluationResult result = await RunAsync(tree, new EvaluationOptions());
        string folder = tree.Path("out/nested");

        EvaluationOutputFiles files = await EvaluationReport.WriteAllAsync(result, folder);

        Assert.Equal(["metrics.json", "predictions.csv", "report.html"], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.True(new FileInfo(files.ReportPath).Length > 0);
    }

    [Fact]
    public async Task A_cancelled_write_leaves_the_previous_file_untouched()
    {
        using var tree = DatasetTree.MvtecAd();
        EvaluationResult result = await RunAsync(tree, new EvaluationOptions());
        string path = tree.Text("out/metrics.json", "previous");
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => MetricsJsonWriter.WriteAsync(result, path, cts.Token));

        Assert.Equal("previous", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    private static async Task<EvaluationResult> RunAsync(DatasetTree tree, EvaluationOptions options, double threshold = 0.5)
    {
        using var reasoner = new BrightnessReasoner { Threshold = threshold };
        return await new EvaluationRunner(new AnomalyInspector(reasoner), options).RunAsync(DatasetReader.Read(tree.Root, "widget"));
    }

    private static List<string[]> ParseCsv(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add([.. row]);
                row.Clear();
                i++;
            }
            else
            {
                field.Append(c);
            }
        }

        return rows;
    }
}
