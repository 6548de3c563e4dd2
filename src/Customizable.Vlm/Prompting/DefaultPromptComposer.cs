using System.Globalization;
using System.Text;
using Customizable.Vlm.Imaging;

namespace Customizable.Vlm.Prompting;

/// <summary>
/// The template-driven composer: renders the spec's <see cref="InspectionSpec.PromptTemplate"/> (or the options' template) with the
/// spec's task, object, rules and answer format, and places the reference and query views as separate images, one side-by-side
/// composite, or labelled grids, every image downscaled to <see cref="PromptComposerOptions.MaxImageSide"/>.
/// </summary>
/// <remarks>
/// <para>Placeholders: <c>{task}</c> the task description; <c>{class_context}</c> the class context or empty; <c>{object}</c> the
/// class context or "object"; <c>{rules}</c> the normality rules as a numbered list (or a sentence saying there are none);
/// <c>{answer_format}</c> the answer instruction of the spec's <see cref="AnswerFormat"/>; <c>{reference_count}</c> and
/// <c>{query_count}</c> the numbers of views shown; <c>{query_views}</c> the query views' labels; in <see cref="PromptTemplate.User"/>
/// the markers <c>{reference_images}</c> and <c>{query_images}</c>; in captions also <c>{index}</c> (1-based), <c>{count}</c> and
/// <c>{label}</c> (the view's label).</para>
/// <para>Parts: the system text (when the template has one) as <see cref="PromptTextRole.System"/>; the user text split at the
/// markers into <see cref="PromptTextRole.Instruction"/> parts (trimmed; white-space-only pieces dropped); captions as
/// <see cref="PromptTextRole.Caption"/> parts right before their image. A side-by-side composite stands at <c>{query_images}</c>
/// with the role <see cref="PromptImageRole.Query"/>, since it contains the query.</para>
/// <para>Video key-frame grids: a query view that shows several video frames (a <see cref="VideoProvenance"/> with more than one
/// tile, see <see cref="Video.VideoGrid"/>) gets a caption before the images naming every tile with its number, time span and frame
/// (<c>tile 3: t=0.50-0.70s (frame 5)</c>), and an instruction after them to answer with <c>"tiles": [numbers]</c> when anomalous.</para>
/// <para>Determinism: integer-only resampling and a built-in bitmap font, so the same context gives the same parts and the same
/// pixels, byte for byte, on every machine. Thread-safety: immutable after construction; safe for concurrent use. Ownership: resized
/// and composite frames are new and belong to the prompt; views that need no resizing are referenced as they are.</para>
/// </remarks>
public sealed class DefaultPromptComposer : IPromptComposer
{
    private static readonly HashSet<string> TextPlaceholders = new(StringComparer.Ordinal)
    {
        "task", "class_context", "object", "rules", "answer_format", "reference_count", "query_count", "query_views",
    };

    private static readonly HashSet<string> CaptionPlaceholders = new(TextPlaceholders, StringComparer.Ordinal) { "index", "count", "label" };

    private const string ReferenceMarker = "reference_images";
    private const string QueryMarker = "query_images";

    private static readonly HashSet<string> UserPlaceholders = new(TextPlaceholders, StringComparer.Ordinal) { ReferenceMarker, QueryMarker };

    private readonly PromptComposerOptions _options;

    /// <summary>Initializes a new composer.</summary>
    /// <param name="options">Options; null for defaults. Copied; later changes do not affect the composer.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public DefaultPromptComposer(PromptComposerOptions? options = null)
    {
        _options = options?.Clone() ?? new PromptComposerOptions();
        _options.Validate();
    }

    /// <summary>Gets a copy of the composer's options.</summary>
    public PromptComposerOptions Options => _options.Clone();

    /// <summary>Checks that <paramref name="template"/> names only known placeholders and has its markers in the right places.</summary>
    /// <param name="template">The template.</param>
    /// <exception cref="PromptTemplateException">It does not.</exception>
    public static void ValidateTemplate(PromptTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var unknown = new SortedSet<string>(StringComparer.Ordinal);
        Collect(template.System, TextPlaceholders, unknown);
        Collect(template.User, UserPlaceholders, unknown);
        Collect(template.ReferenceCaption, CaptionPlaceholders, unknown);
        Collect(template.QueryCaption, CaptionPlaceholders, unknown);
        if (unknown.Count > 0)
        {
            throw new PromptTemplateException(
                $"Prompt template '{template.Name}' uses unknown placeholder(s) {string.Join(", ", unknown.Select(u => "{" + u + "}"))}. " +
                $"Known: {string.Join(", ", TextPlaceholders.Order(StringComparer.Ordinal).Select(u => "{" + u + "}"))}; in the user text also " +
                $"{{{ReferenceMarker}}} and {{{QueryMarker}}}; in captions also {{index}}, {{count}} and {{label}}. Write {{{{ and }}}} for literal braces.",
                template.Name,
                [.. unknown]);
        }

        int queryMarkers = TemplateText.Placeholders(template.User).Count(p => p == QueryMarker);
        int referenceMarkers = TemplateText.Placeholders(template.User).Count(p => p == ReferenceMarker);
        if (queryMarkers != 1 || referenceMarkers > 1)
        {
            throw new PromptTemplateException(
                $"Prompt template '{template.Name}': the user text must contain {{{QueryMarker}}} exactly once (found {queryMarkers}) and " +
                $"{{{ReferenceMarker}}} at most once (found {referenceMarkers}).");
        }

        if (template.MaxReferenceImages is < 0)
        {
            throw new PromptTemplateException($"Prompt template '{template.Name}': MaxReferenceImages must not be negative.");
        }

        static void Collect(string? text, IReadOnlySet<string> known, SortedSet<string> unknown)
        {
            foreach (string name in TemplateText.Placeholders(text))
            {
                if (!known.Contains(name))
                {
                    unknown.Add(name);
                }
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>Checks the spec's template, or the options' template when the spec has none.</remarks>
    public void Validate(InspectionSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ValidateTemplate(spec.PromptTemplate ?? _options.Template);
    }

    /// <inheritdoc />
    /// <exception cref="PromptTemplateException">The template is not valid (normally caught earlier, at customization time).</exception>
    public ValueTask<AnomalyPrompt> ComposeAsync(PromptContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();
        if (context.QueryViews.Count == 0)
        {
            throw new ArgumentException("At least one query view is needed.", nameof(context));
        }

        InspectionSpec spec = context.Spec;
        PromptTemplate template = spec.PromptTemplate ?? _options.Template;
        ValidateTemplate(template);
        bool showReferences = TemplateText.Placeholders(template.User).Contains(ReferenceMarker);
        IReadOnlyList<EncodedView> references = !showReferences
            ? []
            : [.. context.ReferenceViews.Take(template.MaxReferenceImages ?? int.MaxValue)];
        IReadOnlyList<EncodedView> queries = context.QueryViews;
        Dictionary<string, string> values = Values(spec, references.Count, queries);

        var parts = new List<PromptPart>();
        if (!string.IsNullOrWhiteSpace(template.System))
        {
            parts.Add(new TextPromptPart(TemplateText.Render(template.System, values).Trim(), PromptTextRole.System));
        }

        var text = new StringBuilder();
        foreach (TemplateText.Segment segment in TemplateText.Parse(template.User))
        {
            if (segment.IsPlaceholder && segment.Text is ReferenceMarker or QueryMarker)
            {
                Flush(parts, text);
                cancellationToken.ThrowIfCancellationRequested();
                if (segment.Text == ReferenceMarker)
                {
                    AddReferenceImages(parts, template, references, values);
                }
                else
                {
                    AddQueryImages(parts, template, references, queries, values);
                }
            }
            else
            {
                text.Append(segment.IsPlaceholder ? values[segment.Text] : segment.Text);
            }
        }

        Flush(parts, text);
        var prompt = new AnomalyPrompt(parts, spec, queries)
        {
            ReferenceModel = context.ReferenceModel,
            AdditionalProperties = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["cvlm.prompt_template"] = template.Name,
                ["cvlm.prompt_layout"] = _options.Layout.ToString(),
            },
        };
        return ValueTask.FromResult(prompt);
    }

    /// <inheritdoc />
    /// <remarks>Downscales each view to <see cref="PromptComposerOptions.MaxImageSide"/> once, so that composing leaves the stored
    /// references as they are.</remarks>
    public IReadOnlyList<EncodedView> PrepareReferenceViews(IReadOnlyList<EncodedView> referenceViews)
    {
        ArgumentNullException.ThrowIfNull(referenceViews);
        return [.. referenceViews.Select(v => Downscale(v, _options.MaxImageSide, PromptImageRole.Reference))];
    }

    /// <summary>Gets the answer instruction that <c>{answer_format}</c> renders to for a format.</summary>
    /// <param name="format">The answer format.</param>
    /// <returns>The instruction text.</returns>
    public static string AnswerInstructions(AnswerFormat format) => format switch
    {
        AnswerFormat.OriginalCorrectness =>
            "Answer with one JSON object and nothing else: {\"reasoning\": \"<what you see and why>\", \"correctness\": <1 if the query is " +
            "normal, 0 if it is anomalous>}.",
        _ =>
            "Answer with one JSON object and nothing else: {\"is_anomalous\": <true or false>, \"confidence\": <how sure you are of your " +
            "answer, from 0 to 1>, \"defect_type\": <a short name of the defect, or null>, \"reasoning\": \"<what you see and why>\"}.",
    };

    private static Dictionary<string, string> Values(InspectionSpec spec, int referenceCount, IReadOnlyList<EncodedView> queries)
    {
        string? context = string.IsNullOrWhiteSpace(spec.ClassContext) ? null : spec.ClassContext.Trim();
        var rules = new StringBuilder();
        for (int i = 0; i < spec.NormalityRules.Count; i++)
        {
            rules.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? string.Empty : "\n")}{i + 1}. {spec.NormalityRules[i].Text.Trim()}");
        }

        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["task"] = spec.TaskDescription.Trim(),
            ["class_context"] = context ?? string.Empty,
            ["object"] = context ?? "object",
            ["rules"] = rules.Length > 0 ? rules.ToString() : "No written rules: judge by the normal references.",
            ["answer_format"] = AnswerInstructions(spec.AnswerFormat),
            ["reference_count"] = referenceCount.ToString(CultureInfo.InvariantCulture),
            ["query_count"] = queries.Count.ToString(CultureInfo.InvariantCulture),
            ["query_views"] = string.Join(", ", queries.Select(ViewLabel)),
        };
    }

    private static string ViewLabel(EncodedView view, int index) =>
        view.Label ?? string.Create(CultureInfo.InvariantCulture, $"view {index + 1}");

    private static void Flush(List<PromptPart> parts, StringBuilder text)
    {
        string chunk = text.ToString().Trim();
        text.Clear();
        if (chunk.Length > 0)
        {
            parts.Add(new TextPromptPart(chunk, PromptTextRole.Instruction));
        }
    }

    private void AddReferenceImages(List<PromptPart> parts, PromptTemplate template, IReadOnlyList<EncodedView> references, Dictionary<string, string> values)
    {
        // Side by side, the references are drawn into the query's composite instead.
        if (references.Count > 0)
        {
            TryAddImagesOfOneRole(parts, template.ReferenceCaption, values, references, PromptImageRole.Reference);
        }
    }

    private void AddQueryImages(List<PromptPart> parts, PromptTemplate template, IReadOnlyList<EncodedView> references, IReadOnlyList<EncodedView> queries, Dictionary<string, string> values)
    {
        bool grids = AddTileLegends(parts, queries);
        AddQueryImagesCore(parts, template, references, queries, values);
        if (grids)
        {
            parts.Add(new TextPromptPart(TileAnswerInstruction, PromptTextRole.Instruction));
        }
    }

    /// <summary>The instruction that follows a key-frame grid: where the anomaly shows, by tile number.</summary>
    internal const string TileAnswerInstruction =
        "If the video is anomalous, add to your JSON object \"tiles\": [the numbers of the tiles in which the anomaly shows], e.g. \"tiles\": [3].";

    /// <summary>
    /// For each query view that is a grid of video key frames (a <see cref="VideoProvenance"/> with more than one tile), adds a caption
    /// that names every tile with its number and time span, so the model can answer "which tile / at what time"; true when there was
    /// one.
    /// </summary>
    private static bool AddTileLegends(List<PromptPart> parts, IReadOnlyList<EncodedView> queries)
    {
        bool any = false;
        foreach (EncodedView view in queries)
        {
            if (view.Provenance is not VideoProvenance { Tiles.Count: > 1 } video)
            {
                continue;
            }

            var legend = new StringBuilder(64 + (48 * video.Tiles.Count));
            legend.Append(CultureInfo.InvariantCulture, $"The query video as one image of {video.Tiles.Count} key frames in time order, numbered row by row from the top left; each tile's number and start time are written above it:");
            for (int i = 0; i < video.Tiles.Count; i++)
            {
                VideoTile tile = video.Tiles[i];
                legend.Append(CultureInfo.InvariantCulture, $"\ntile {i + 1}: t={tile.Start.TotalSeconds:0.00}-{(tile.Start + tile.Duration).TotalSeconds:0.00}s (frame {tile.FrameIndex})");
            }

            parts.Add(new TextPromptPart(legend.ToString(), PromptTextRole.Caption));
            any = true;
        }

        return any;
    }

    private void AddQueryImagesCore(List<PromptPart> parts, PromptTemplate template, IReadOnlyList<EncodedView> references, IReadOnlyList<EncodedView> queries, Dictionary<string, string> values)
    {
        if (TryAddImagesOfOneRole(parts, template.QueryCaption, values, queries, PromptImageRole.Query))
        {
            return;
        }

        // Side by side: one composite of the references and the queries.
        if (template.QueryCaption is not null)
        {
            parts.Add(new TextPromptPart(
                references.Count == 0
                    ? string.Create(CultureInfo.InvariantCulture, $"One image with {queries.Count} labelled query panel(s):")
                    : string.Create(CultureInfo.InvariantCulture, $"One image: {references.Count} normal reference panel(s) on the left (green labels), then {queries.Count} query panel(s) on the right (red labels):"),
                PromptTextRole.Caption));
        }

        parts.Add(new ImagePromptPart(Composite(references, queries, references.Count + queries.Count), PromptImageRole.Query, "References and query"));
    }

    /// <summary>
    /// Adds views of one role as separate images or as one grid, as the layout says; false (nothing added) for the side-by-side
    /// layout, which draws both roles into one composite.
    /// </summary>
    private bool TryAddImagesOfOneRole(List<PromptPart> parts, string? caption, Dictionary<string, string> values, IReadOnlyList<EncodedView> views, PromptImageRole role)
    {
        switch (_options.Layout)
        {
            case PromptImageLayout.Separate:
                AddSeparateImages(parts, caption, values, views, role);
                return true;
            case PromptImageLayout.Grid:
                AddGridImage(parts, caption, views, role);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Adds each view as an image of its own, downscaled, after its caption.</summary>
    private void AddSeparateImages(List<PromptPart> parts, string? caption, Dictionary<string, string> values, IReadOnlyList<EncodedView> views, PromptImageRole role)
    {
        for (int i = 0; i < views.Count; i++)
        {
            AddCaption(parts, caption, values, i, views.Count, ViewLabel(views[i], i));
            parts.Add(new ImagePromptPart(Downscale(views[i], _options.MaxImageSide, role), role, Label(role, i, views.Count)));
        }
    }

    /// <summary>Adds the views as one labelled grid image, after a caption saying so when the template captions this role.</summary>
    private void AddGridImage(List<PromptPart> parts, string? caption, IReadOnlyList<EncodedView> views, PromptImageRole role)
    {
        bool reference = role == PromptImageRole.Reference;
        if (caption is not null)
        {
            string heading = reference ? "Normal references" : "The query";
            parts.Add(new TextPromptPart(
                string.Create(CultureInfo.InvariantCulture, $"{heading}: one image with {views.Count} labelled panel(s):"), PromptTextRole.Caption));
        }

        EncodedView grid = reference ? Composite(views, [], GridColumns(views.Count)) : Composite([], views, GridColumns(views.Count));
        parts.Add(new ImagePromptPart(grid, role, reference ? "References" : "Query"));
    }

    private static void AddCaption(List<PromptPart> parts, string? caption, Dictionary<string, string> values, int index, int count, string label)
    {
        if (caption is null)
        {
            return;
        }

        var local = new Dictionary<string, string>(values, StringComparer.Ordinal)
        {
            ["index"] = (index + 1).ToString(CultureInfo.InvariantCulture),
            ["count"] = count.ToString(CultureInfo.InvariantCulture),
            ["label"] = label,
        };
        string text = TemplateText.Render(caption, local).Trim();
        if (text.Length > 0)
        {
            parts.Add(new TextPromptPart(text, PromptTextRole.Caption));
        }
    }

    private static string Label(PromptImageRole role, int index, int count) => role == PromptImageRole.Reference
        ? string.Create(CultureInfo.InvariantCulture, $"Reference {index + 1}")
        : count == 1 ? "Query" : string.Create(CultureInfo.InvariantCulture, $"Query {index + 1}");

    private int GridColumns(int count) =>
        _options.GridColumns > 0 ? _options.GridColumns : (int)Math.Ceiling(Math.Sqrt(count));

    /// <summary>
    /// Downscales <paramref name="view"/> to fit within <paramref name="maxSide"/> pixels (area average, aspect kept, never
    /// enlarged), its provenance mapped back to the original; the view itself when it already fits.
    /// </summary>
    /// <param name="view">The view.</param>
    /// <param name="maxSide">The longest side allowed, in pixels.</param>
    /// <param name="role">The view's role in the prompt (names the tile when the provenance is not an image's).</param>
    /// <returns>The view, or a new one with a new frame.</returns>
    internal static EncodedView Downscale(EncodedView view, int maxSide, PromptImageRole role)
    {
        RawFrame frame = view.Frame;
        (int w, int h) = FrameResizer.FitWithin(frame.Width, frame.Height, maxSide);
        if (w == frame.Width && h == frame.Height)
        {
            return view;
        }

        RawFrame resized = FrameResizer.Resize(ImageLoader.Shared.ToRgb24(frame), w, h);
        ViewProvenance provenance = view.Provenance is ImageProvenance image
            ? image.Then((double)frame.Width / w, (double)frame.Height / h, 0, 0)
            : new CompositeProvenance([new CompositeTile(view, new PixelRect(0, 0, w, h), role, view.Label ?? role.ToString())]);
        return new EncodedView(resized, provenance, view.Label, view.Source, view.Index) { Slot = view.Slot };
    }

    private EncodedView Composite(IReadOnlyList<EncodedView> references, IReadOnlyList<EncodedView> queries, int columns)
    {
        var panels = new List<CompositeRenderer.Panel>(references.Count + queries.Count);
        for (int i = 0; i < references.Count; i++)
        {
            panels.Add(new(references[i], ImageLoader.Shared.ToRgb24(references[i].Frame), PromptImageRole.Reference, PanelLabel("REFERENCE", i, references.Count, references[i])));
        }

        for (int i = 0; i < queries.Count; i++)
        {
            panels.Add(new(queries[i], ImageLoader.Shared.ToRgb24(queries[i].Frame), PromptImageRole.Query, PanelLabel("QUERY", i, queries.Count, queries[i])));
        }

        (RawFrame frame, CompositeProvenance provenance) = CompositeRenderer.Render(panels, columns, _options.MaxImageSide);
        return new EncodedView(frame, provenance, queries.Count > 0 ? "composite" : "reference composite", queries.Count > 0 ? queries[0].Source : null, 0);
    }

    private static string PanelLabel(string kind, int index, int count, EncodedView view)
    {
        string number = count == 1 && kind == "QUERY" ? kind : string.Create(CultureInfo.InvariantCulture, $"{kind} {index + 1}");
        bool informative = view.Label is { Length: > 0 } l && l != ImageEncoder.ViewLabel;
        return informative ? $"{number} {view.Label}".ToUpperInvariant() : number;
    }
}
