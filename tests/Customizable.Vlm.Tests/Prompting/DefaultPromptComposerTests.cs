using Customizable.Vlm.Prompting;

namespace Customizable.Vlm.Tests.Prompting;

public class DefaultPromptComposerTests
{
    private static readonly EncodedView[] References = [PromptFixtures.View(96, 64, 1), PromptFixtures.View(96, 64, 2), PromptFixtures.View(96, 64, 3)];
    private static readonly EncodedView Query = PromptFixtures.View(96, 64, 9);

    private static AnomalyPrompt Compose(PromptComposerOptions? options, InspectionSpec spec, IReadOnlyList<EncodedView> references, IReadOnlyList<EncodedView> queries) =>
        new DefaultPromptComposer(options).ComposeAsync(new PromptContext(spec, references, queries)).AsTask().GetAwaiter().GetResult();

    [Fact]
    public void The_default_template_matches_its_golden_prompt_byte_for_byte()
    {
        AnomalyPrompt prompt = Compose(null, PromptFixtures.Spec(), References, [Query]);

        PromptFixtures.AssertGolden("default-separate.txt", PromptFixtures.Dump(prompt));
    }

    [Fact]
    public void The_original_template_matches_its_golden_prompt_byte_for_byte()
    {
        InspectionSpec spec = PromptFixtures.Spec(AnswerFormat.OriginalCorrectness);
        spec.ClassContext = "bracket";
        AnomalyPrompt prompt = Compose(new PromptComposerOptions { Template = PromptTemplates.Original }, spec, References, [Query]);

        PromptFixtures.AssertGolden("original-separate.txt", PromptFixtures.Dump(prompt));
    }

    [Fact]
    public void The_side_by_side_and_grid_layouts_match_their_golden_prompts_byte_for_byte()
    {
        EncodedView[] views = [.. Enumerable.Range(0, 5).Select(i => PromptFixtures.View(80, 60, 20 + i, $"view {i + 1}", i))];
        AnomalyPrompt side = Compose(new PromptComposerOptions { Layout = PromptImageLayout.SideBySide, MaxImageSide = 640 }, PromptFixtures.Spec(), References, [Query]);
        AnomalyPrompt grid = Compose(new PromptComposerOptions { Layout = PromptImageLayout.Grid, MaxImageSide = 512 }, PromptFixtures.Spec(), References, views);

        PromptFixtures.AssertGolden("default-side-by-side.txt", PromptFixtures.Dump(side));
        PromptFixtures.AssertGolden("default-grid.txt", PromptFixtures.Dump(grid));
    }

    [Theory]
    [InlineData(PromptImageLayout.Separate)]
    [InlineData(PromptImageLayout.SideBySide)]
    [InlineData(PromptImageLayout.Grid)]
    public void The_same_context_gives_the_same_prompt_from_two_composers(PromptImageLayout layout)
    {
        var options = new PromptComposerOptions { Layout = layout, MaxImageSide = 200 };

        string first = PromptFixtures.Dump(Compose(options, PromptFixtures.Spec(), References, [Query]));
        string second = PromptFixtures.Dump(Compose(options.Clone(), PromptFixtures.Spec(), References, [Query]));

        Assert.Equal(first, second);
    }

    [Fact]
    public void The_default_prompt_puts_rules_task_and_answer_format_in_the_system_text_and_references_before_the_query()
    {
        AnomalyPrompt prompt = Compose(null, PromptFixtures.Spec(), References, [Query]);

        var system = Assert.IsType<TextPromptPart>(prompt.Parts[0]);
        Assert.Equal(PromptTextRole.System, system.Role);
        Assert.Contains("1. Both mounting holes are round", system.Text, StringComparison.Ordinal);
        Assert.Contains("2. A dull grey surface", system.Text, StringComparison.Ordinal);
        Assert.Contains("cast aluminium bracket", system.Text, StringComparison.Ordinal);
        Assert.Contains("\"is_anomalous\"", system.Text, StringComparison.Ordinal);
        var images = prompt.Parts.OfType<ImagePromptPart>().ToList();
        Assert.Equal([PromptImageRole.Reference, PromptImageRole.Reference, PromptImageRole.Reference, PromptImageRole.Query], images.Select(i => i.Role));
        Assert.Same(Query, images[^1].View);
        var last = Assert.IsType<TextPromptPart>(prompt.Parts[^1]);
        Assert.Equal(PromptTextRole.Instruction, last.Role);
    }

    [Fact]
    public void The_original_template_sends_the_instruction_then_one_normal_image_then_the_query()
    {
        InspectionSpec spec = PromptFixtures.Spec();
        spec.ClassContext = "hazelnut";
        AnomalyPrompt prompt = Compose(new PromptComposerOptions { Template = PromptTemplates.Original }, spec, References, [Query]);

        Assert.Equal(3, prompt.Parts.Count);
        var text = Assert.IsType<TextPromptPart>(prompt.Parts[0]);
        Assert.StartsWith("The first image of the hazelnut is normal.", text.Text, StringComparison.Ordinal);
        Assert.Contains("\"correctness\": an integer, 1 if the image has no anomaly, 0 if it has one", text.Text, StringComparison.Ordinal);
        Assert.Contains("{\"reasoning\": a string, \"correctness\": integer, 1 or 0 }", text.Text, StringComparison.Ordinal);
        Assert.Same(References[0], Assert.IsType<ImagePromptPart>(prompt.Parts[1]).View);
        Assert.Equal(PromptImageRole.Reference, ((ImagePromptPart)prompt.Parts[1]).Role);
        Assert.Same(Query, Assert.IsType<ImagePromptPart>(prompt.Parts[2]).View);
    }

    [Fact]
    public void A_user_template_renders_every_placeholder_and_literal_braces()
    {
        var template = new PromptTemplate
        {
            Name = "plant-7",
            System = "{task} | {class_context} | {object} | {reference_count} refs | {query_count} views: {query_views}",
            User = "Rules:\n{rules}\n{reference_images}{query_images}Reply as {{\"ok\": true}} or {\"ok\": false}. {answer_format}",
            ReferenceCaption = "Good part #{index}/{count} [{label}]",
            QueryCaption = "Part to judge: {label}",
        };
        InspectionSpec spec = PromptFixtures.Spec();
        spec.PromptTemplate = template;

        AnomalyPrompt prompt = Compose(null, spec, References[..2], [Query]);

        Assert.Equal(
            "Decide whether the cast aluminium bracket shows a casting or machining defect. | cast aluminium bracket | cast aluminium bracket | 2 refs | 1 views: image",
            ((TextPromptPart)prompt.Parts[0]).Text);
        Assert.StartsWith("Rules:\n1. Both mounting holes", ((TextPromptPart)prompt.Parts[1]).Text, StringComparison.Ordinal);
        Assert.Equal("Good part #2/2 [image]", ((TextPromptPart)prompt.Parts[4]).Text);
        Assert.Equal("Part to judge: image", ((TextPromptPart)prompt.Parts[6]).Text);
        Assert.StartsWith("Reply as {\"ok\": true} or {\"ok\": false}. Answer with one JSON object", ((TextPromptPart)prompt.Parts[8]).Text, StringComparison.Ordinal);
        Assert.Equal("plant-7", prompt.AdditionalProperties!["cvlm.prompt_template"]);
    }

    [Fact]
    public void A_template_without_the_reference_marker_is_zero_shot()
    {
        InspectionSpec spec = PromptFixtures.Spec();
        spec.PromptTemplate = PromptTemplates.Default with { User = "{query_images}\nIs it anomalous?" };

        AnomalyPrompt prompt = Compose(null, spec, References, [Query]);

        Assert.Empty(prompt.ReferenceImages);
        Assert.Single(prompt.QueryImages);
    }

    [Theory]
    [InlineData("{reference_images}{query_images} {Task}", "Task")]
    [InlineData("{reference_images}{query_images} {defect_list} and {task}", "defect_list")]
    [InlineData("{reference_images}{query_images} {index}", "index")]
    public void An_unknown_placeholder_is_named_in_a_template_error(string user, string unknown)
    {
        var template = new PromptTemplate { Name = "bad", User = user };

        var error = Assert.Throws<PromptTemplateException>(() => DefaultPromptComposer.ValidateTemplate(template));

        Assert.Equal([unknown], error.UnknownPlaceholders);
        Assert.Equal("bad", error.TemplateName);
        Assert.Contains("{" + unknown + "}", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<CustomizableVlmException>(error);
    }

    [Theory]
    [InlineData("{reference_images} no query marker")]
    [InlineData("{query_images}{query_images}")]
    [InlineData("{reference_images}{reference_images}{query_images}")]
    public void A_template_with_a_missing_or_repeated_image_marker_is_rejected(string user)
    {
        Assert.Throws<PromptTemplateException>(() => DefaultPromptComposer.ValidateTemplate(new PromptTemplate { User = user }));
    }

    [Fact]
    public void A_marker_in_the_system_text_is_rejected()
    {
        Assert.Throws<PromptTemplateException>(() => DefaultPromptComposer.ValidateTemplate(PromptTemplates.Default with { System = "{query_images}" }));
    }

    [Fact]
    public void Both_built_in_templates_are_valid()
    {
        DefaultPromptComposer.ValidateTemplate(PromptTemplates.Default);
        DefaultPromptComposer.ValidateTemplate(PromptTemplates.Original);
    }

    [Fact]
    public void Large_views_are_downscaled_to_the_longest_side_and_still_map_back_to_source_pixels()
    {
        EncodedView big = PromptFixtures.View(2000, 1000, 5);

        AnomalyPrompt prompt = Compose(new PromptComposerOptions { MaxImageSide = 500 }, PromptFixtures.Spec(), [], [big]);

        EncodedView shown = prompt.QueryImages.Single().View;
        Assert.Equal((500, 250), (shown.Frame.Width, shown.Frame.Height));
        var location = Assert.IsType<ImageRegionLocation>(shown.Provenance.MapToSource(new PixelRect(100, 50, 10, 10)));
        Assert.Equal(new PixelRect(400, 200, 40, 40), location.Box);
        Assert.Same(big, prompt.QueryViews[0]);
    }

    [Fact]
    public void Small_views_are_never_enlarged()
    {
        AnomalyPrompt prompt = Compose(new PromptComposerOptions { MaxImageSide = 4096 }, PromptFixtures.Spec(), References, [Query]);

        Assert.Same(Query, prompt.QueryImages.Single().View);
    }

    [Fact]
    public void Side_by_side_draws_labelled_reference_and_query_panels_in_one_image_that_maps_back_to_the_query()
    {
        AnomalyPrompt prompt = Compose(new PromptComposerOptions { Layout = PromptImageLayout.SideBySide, MaxImageSide = 400 }, PromptFixtures.Spec(), References[..2], [Query]);

        ImagePromptPart image = Assert.Single(prompt.Parts.OfType<ImagePromptPart>());
        Assert.Equal(PromptImageRole.Query, image.Role);
        RawFrame frame = image.View.Frame;
        Assert.True(frame.Width <= 400 && frame.Height <= 400);
        var provenance = Assert.IsType<CompositeProvenance>(image.View.Provenance);
        Assert.Equal([PromptImageRole.Reference, PromptImageRole.Reference, PromptImageRole.Query], provenance.Tiles.Select(t => t.Role));
        Assert.Equal(["REFERENCE 1", "REFERENCE 2", "QUERY"], provenance.Tiles.Select(t => t.Label));

        // The label band above the query panel is red, above a reference panel green.
        CompositeTile query = provenance.Tiles[2];
        ReadOnlySpan<byte> bandRow = frame.GetRow(query.Bounds.Y - 2);
        Assert.Equal(150, bandRow[(query.Bounds.X + query.Bounds.Width - 2) * 3]);
        CompositeTile reference = provenance.Tiles[0];
        Assert.Equal(96, frame.GetRow(reference.Bounds.Y - 2)[((reference.Bounds.X + reference.Bounds.Width - 2) * 3) + 1]);

        // A box in the middle of the query panel maps to the middle of the query image.
        var box = new PixelRect(query.Bounds.X + (query.Bounds.Width / 2) - 2, query.Bounds.Y + (query.Bounds.Height / 2) - 2, 4, 4);
        var location = Assert.IsType<ImageRegionLocation>(provenance.MapToSource(box));
        Assert.InRange(location.Box.X + (location.Box.Width / 2.0), 40, 56);
        Assert.InRange(location.Box.Y + (location.Box.Height / 2.0), 24, 40);
    }

    [Fact]
    public void Grid_layout_puts_many_query_views_into_one_labelled_grid_within_the_size_limit()
    {
        EncodedView[] views = [.. Enumerable.Range(0, 9).Select(i => PromptFixtures.View(300, 200, i, $"t={i * 0.5:0.0}s", i))];

        AnomalyPrompt prompt = Compose(new PromptComposerOptions { Layout = PromptImageLayout.Grid, MaxImageSide = 600 }, PromptFixtures.Spec(), References, views);

        var images = prompt.Parts.OfType<ImagePromptPart>().ToList();
        Assert.Equal(2, images.Count);
        var grid = Assert.IsType<CompositeProvenance>(images[1].View.Provenance);
        Assert.Equal(9, grid.Tiles.Count);
        Assert.Equal("QUERY 9 T=4.0S", grid.Tiles[8].Label);
        Assert.True(images[1].View.Frame.Width <= 600 && images[1].View.Frame.Height <= 600);
        Assert.Equal(3, grid.Tiles.Select(t => t.Bounds.X).Distinct().Count());
        Assert.Equal(3, grid.Tiles.Select(t => t.Bounds.Y).Distinct().Count());
        Assert.Equal(9, prompt.QueryViews.Count);
    }

    [Theory]
    [InlineData(31, 0)]
    [InlineData(8193, 0)]
    [InlineData(512, -1)]
    [InlineData(512, 65)]
    public void Out_of_range_options_are_rejected(int maxSide, int columns)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DefaultPromptComposer(new PromptComposerOptions { MaxImageSide = maxSide, GridColumns = columns }));
    }

    [Fact]
    public void A_context_without_query_views_is_rejected()
    {
        var composer = new DefaultPromptComposer();

        Assert.Throws<ArgumentException>(() => composer.ComposeAsync(new PromptContext(PromptFixtures.Spec(), References, [])).AsTask().GetAwaiter().GetResult());
    }

    [Fact]
    public void A_cancelled_token_stops_composition()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() =>
            new DefaultPromptComposer().ComposeAsync(new PromptContext(PromptFixtures.Spec(), References, [Query]), cts.Token).AsTask().GetAwaiter().GetResult());
    }
}
