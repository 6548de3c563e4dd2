using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Customizable.Vlm.Reasoning;

/// <summary>
/// Reads a generative model's answer into an <see cref="AnomalyVerdict"/>, tolerantly: JSON alone, in a code fence or inside prose;
/// single quotes, unquoted keys, trailing commas, Python literals, answers cut off mid-object; the keys <c>is_anomalous</c>,
/// <c>anomalous</c>, <c>correctness</c> (1 = normal, as in the original paper), <c>label</c>, <c>answer</c> and their relatives;
/// "yes"/"no" and class words ("anomalous", "normal", "defective"...); a <c>confidence</c> or <c>anomaly_score</c> when present.
/// </summary>
/// <remarks>
/// <para>Outcome: <see cref="VerdictStatus.Parsed"/> when the whole answer (white space and one Markdown code fence aside) is
/// well-formed JSON carrying a readable decision; <see cref="VerdictStatus.Repaired"/> when the decision was read after forgiving
/// something (the forgiven things are listed under <see cref="VerdictPropertyNames.ParseNotes"/>);
/// <see cref="VerdictStatus.Unparseable"/> otherwise, or when the answer contradicts itself (two keys that disagree): then
/// <see cref="AnomalyVerdict.IsAnomalous"/> is null, never a guess, and the score is 0.5. <see cref="AnomalyVerdict.RawText"/> always
/// holds the answer verbatim.</para>
/// <para>Which answer: a closing <c>&lt;/think&gt;</c> tag hides everything before it; among several JSON objects, the last one that
/// carries a decision wins (models echo the requested format before answering).</para>
/// <para>Score (see <see cref="VerdictScoreSource"/>): a self-reported anomaly score when given and consistent with the decision, else
/// the self-reported confidence mapped around 0.5, else 1 / 0 for the hard label, else 0.5.</para>
/// <para>Bounds: at most <see cref="VerdictParserOptions.MaxScanLength"/> characters are scanned (the beginning and the end of a
/// longer answer), nesting deeper than 32 levels is not read, at most 64 candidate objects are tried, and the prose patterns run on
/// a non-backtracking regular-expression engine: time and memory are linear in the scan length.</para>
/// <para>Errors: in tolerant mode (the default) no text makes it throw. In strict mode it throws only
/// <see cref="VerdictParseException"/>. Thread-safety: stateless; safe for concurrent use.</para>
/// </remarks>
public static class VerdictParser
{
    private const int MaxDepth = 32;
    private const int MaxCandidates = 64;
    private const int MaxNestedSearch = 256;

    private static readonly VerdictParserOptions DefaultOptions = new();

    // "key: value" pairs written as prose or broken JSON, e.g. `correctness = 0`, `**Answer:** No`, `"label": normal`.
    private static readonly Regex KeyValuePattern = new(
        @"(?<key>is[ _-]?anomal(?:ous|y)|anomalous|has[ _-]?defects?|is[ _-]?defective|defective|correctness|is[ _-]?normal|final[ _-]?answer|answer|label|verdict|prediction|classification|decision|conclusion|result|judge?ment|assessment)[""'*`]*[ \t]*[:=][ \t*`""']*(?<value>[0-9.]+%?|[A-Za-z-]+(?:[ \t]+[A-Za-z-]+){0,2})",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking | RegexOptions.ExplicitCapture);

    /// <summary>Reads a model answer.</summary>
    /// <param name="text">The model's answer; null reads as empty (unparseable).</param>
    /// <param name="options">Options; null for defaults.</param>
    /// <returns>The verdict; <see cref="AnomalyVerdict.ModelId"/> is left for the caller to set.</returns>
    /// <exception cref="VerdictParseException">Only with <see cref="VerdictParserOptions.Strict"/>: the answer is not well-formed.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static AnomalyVerdict Parse(string? text, VerdictParserOptions? options = null)
    {
        options ??= DefaultOptions;
        options.Validate();
        string raw = text ?? string.Empty;
        var notes = new List<string>();
        AnomalyVerdict verdict = ParseCore(raw, options, notes);
        verdict.RawText = raw;
        verdict.AdditionalProperties ??= new Dictionary<string, object?>(StringComparer.Ordinal);
        verdict.AdditionalProperties[VerdictPropertyNames.ParseNotes] = notes.AsReadOnly();
        if (options.Strict && verdict.Status != VerdictStatus.Parsed)
        {
            string what = verdict.Status == VerdictStatus.Repaired ? $"it needed repair ({string.Join(", ", notes)})" : "it carries no readable decision";
            throw new VerdictParseException(
                $"The model answer is not a well-formed verdict: {what}. Answer starts with: \"{Excerpt(raw, 120)}\".", verdict);
        }

        return verdict;
    }

    private static AnomalyVerdict ParseCore(string raw, VerdictParserOptions options, List<string> notes)
    {
        string scan = raw;
        if (raw.Length > options.MaxScanLength)
        {
            int half = options.MaxScanLength / 2;
            scan = string.Concat(raw.AsSpan(0, half), "\n", raw.AsSpan(raw.Length - half, half));
            notes.Add("scan-truncated");
        }

        string answer = scan;
        int thinkEnd = scan.LastIndexOf("</think>", StringComparison.OrdinalIgnoreCase);
        if (thinkEnd >= 0 && !string.IsNullOrWhiteSpace(scan[(thinkEnd + 8)..]))
        {
            answer = scan[(thinkEnd + 8)..];
            notes.Add("think-block-skipped");
        }

        // 1. The whole answer is one JSON object (possibly inside one code fence).
        ReadOnlySpan<char> body = StripFence(answer.AsSpan().Trim(), out bool fenced);
        if (body.Length >= 2 && body[0] == '{' && body[^1] == '}' &&
            LenientJsonReader.TryRead(body, MaxDepth, allowTruncation: false, out object? whole, out JsonRepairs wholeRepairs) &&
            whole is LenientObject wholeObject)
        {
            Reading reading = Interpret(wholeObject, options);
            if (reading.HasDecision || reading.Conflict)
            {
                if (fenced)
                {
                    notes.Add("code-fence");
                }

                bool wellFormed = wholeRepairs == JsonRepairs.None && IsStrictJson(body);
                AddRepairNotes(notes, wholeRepairs);
                return Build(reading, wellFormed ? VerdictStatus.Parsed : VerdictStatus.Repaired, string.Empty, notes, options);
            }
        }

        // 2. JSON objects inside prose: the last one with a decision wins; an object cut off at the end is tried first.
        List<(int Start, int Length)> spans = JsonSpanScanner.Scan(answer, MaxCandidates, MaxDepth * 2, out int unclosed);
        int lastClosedEnd = spans.Count == 0 ? -1 : spans.Max(s => s.Start + s.Length);
        if (unclosed > lastClosedEnd &&
            TryCandidate(answer, unclosed, answer.Length - unclosed, true, options, notes) is { } truncated)
        {
            return truncated;
        }

        for (int i = spans.Count - 1; i >= 0; i--)
        {
            if (TryCandidate(answer, spans[i].Start, spans[i].Length, false, options, notes) is { } found)
            {
                return found;
            }
        }

        // 3. "key: value" pairs in prose (all found must agree).
        bool? prose = null;
        bool proseConflict = false;
        int pairs = 0;
        foreach (ValueMatch match in KeyValuePattern.EnumerateMatches(answer))
        {
            if (++pairs > MaxCandidates)
            {
                break;
            }

            Match m = KeyValuePattern.Match(answer, match.Index, match.Length);
            string key = VerdictVocabulary.NormalizeKey(m.Groups["key"].ValueSpan);
            if (!VerdictVocabulary.TryGetDecisionKey(key, out VerdictVocabulary.Polarity polarity))
            {
                continue;
            }

            bool? decision = ReadProseValue(m.Groups["value"].Value, polarity, options.YesMeansAnomalous);
            if (decision is null)
            {
                continue;
            }

            proseConflict |= prose is not null && prose != decision;
            prose = decision;
        }

        if (proseConflict)
        {
            notes.Add("conflicting-answers");
            return Unparseable(answer, options);
        }

        if (prose is not null)
        {
            notes.Add("key-value-in-prose");
            return Build(new Reading { Decision = prose }, VerdictStatus.Repaired, answer, notes, options);
        }

        // 4. A bare answer word at the very start: "Yes.", "No, the part...", "Anomalous:", "**Normal**".
        if (LeadingAnswer(answer, options.YesMeansAnomalous) is { } leading)
        {
            notes.Add("answer-word");
            return Build(new Reading { Decision = leading }, VerdictStatus.Repaired, answer, notes, options);
        }

        return Unparseable(answer, options);
    }

    private static AnomalyVerdict? TryCandidate(string answer, int start, int length, bool truncated, VerdictParserOptions options, List<string> notes)
    {
        ReadOnlySpan<char> span = answer.AsSpan(start, length);
        if (!LenientJsonReader.TryRead(span, MaxDepth, truncated, out object? value, out JsonRepairs repairs) || value is not LenientObject obj)
        {
            return null;
        }

        Reading reading = Interpret(obj, options);
        if (!reading.HasDecision && !reading.Conflict)
        {
            return null;
        }

        notes.Add("json-in-prose");
        AddRepairNotes(notes, repairs);
        string outside = string.Concat(answer.AsSpan(0, start), " ", answer.AsSpan(start + length));
        return Build(reading, VerdictStatus.Repaired, outside, notes, options);
    }

    private sealed class Reading
    {
        public bool? Decision { get; set; }

        public bool Conflict { get; set; }

        public double? Confidence { get; set; }

        public double? Score { get; set; }

        public string? Reasoning { get; set; }

        public string? DefectType { get; set; }

        public bool HasDecision => Decision is not null || (!Conflict && Score is not null);
    }

    /// <summary>Reads the decision from the object, or from the first nested object (breadth first) that has one; the other fields
    /// come from the object with the decision, falling back to the outer object.</summary>
    private static Reading Interpret(LenientObject root, VerdictParserOptions options)
    {
        Reading outer = ReadFields(root, options);
        if (outer.Decision is not null || outer.Conflict)
        {
            return outer;
        }

        var queue = new Queue<object?>();
        Enqueue(queue, root);
        int visited = 0;
        while (queue.Count > 0 && visited++ < MaxNestedSearch)
        {
            object? next = queue.Dequeue();
            if (next is LenientObject nested)
            {
                Reading inner = ReadFields(nested, options);
                if (inner.Decision is not null || inner.Conflict)
                {
                    inner.Reasoning ??= outer.Reasoning;
                    inner.Confidence ??= outer.Confidence;
                    inner.Score ??= outer.Score;
                    inner.DefectType ??= outer.DefectType;
                    return inner;
                }

                Enqueue(queue, nested);
            }
            else if (next is List<object?> list)
            {
                foreach (object? item in list)
                {
                    queue.Enqueue(item);
                }
            }
        }

        return outer;

        static void Enqueue(Queue<object?> queue, LenientObject obj)
        {
            foreach (KeyValuePair<string, object?> member in obj.Members)
            {
                if (member.Value is LenientObject or List<object?>)
                {
                    queue.Enqueue(member.Value);
                }
            }
        }
    }

    private static Reading ReadFields(LenientObject obj, VerdictParserOptions options)
    {
        var reading = new Reading();
        foreach (KeyValuePair<string, object?> member in obj.Members)
        {
            string key = VerdictVocabulary.NormalizeKey(member.Key);
            if (VerdictVocabulary.TryGetDecisionKey(key, out VerdictVocabulary.Polarity polarity) &&
                VerdictVocabulary.ReadDecision(member.Value, polarity, options.YesMeansAnomalous) is bool decision)
            {
                reading.Conflict |= reading.Decision is not null && reading.Decision != decision;
                reading.Decision = decision;
            }
            else if (VerdictVocabulary.IsConfidenceKey(key))
            {
                reading.Confidence ??= VerdictVocabulary.ReadUnitInterval(member.Value);
            }
            else if (VerdictVocabulary.IsScoreKey(key))
            {
                reading.Score ??= VerdictVocabulary.ReadUnitInterval(member.Value);
            }
            else if (VerdictVocabulary.IsReasoningKey(key))
            {
                reading.Reasoning ??= VerdictVocabulary.ReadReasoning(member.Value);
            }
            else if (VerdictVocabulary.IsDefectTypeKey(key))
            {
                reading.DefectType ??= VerdictVocabulary.ReadDefectType(member.Value);
            }
        }

        if (reading.Conflict)
        {
            reading.Decision = null;
        }

        return reading;
    }

    private static AnomalyVerdict Build(Reading reading, VerdictStatus status, string prose, List<string> notes, VerdictParserOptions options)
    {
        if (reading.Conflict)
        {
            notes.Add("conflicting-answers");
            return Unparseable(prose, options, reading.Reasoning);
        }

        var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
        bool? decision = reading.Decision;
        double score;
        VerdictScoreSource source;
        if (reading.Score is double selfScore && (decision is null || decision == (selfScore >= 0.5)))
        {
            if (decision is null)
            {
                notes.Add("decision-from-score");
                decision = selfScore >= 0.5;
            }

            score = selfScore;
            source = VerdictScoreSource.SelfReportedScore;
        }
        else if (reading.Confidence is double confidence && decision is bool d)
        {
            score = d ? 0.5 + (confidence / 2) : Math.Min(0.5 - (confidence / 2), Math.BitDecrement(0.5));
            source = VerdictScoreSource.SelfReportedConfidence;
        }
        else
        {
            if (reading.Score is not null)
            {
                notes.Add("score-contradicts-decision");
            }

            score = decision == true ? 1.0 : 0.0;
            source = VerdictScoreSource.HardLabel;
        }

        if (reading.Score is double s)
        {
            properties[VerdictPropertyNames.SelfReportedScore] = WithoutNegativeZero(s);
        }

        if (reading.Confidence is double c)
        {
            properties[VerdictPropertyNames.Confidence] = c;
        }

        properties[VerdictPropertyNames.ScoreSource] = source;
        return new AnomalyVerdict
        {
            IsAnomalous = decision,
            Score = WithoutNegativeZero(score),
            Status = status,
            Reasoning = Cut(reading.Reasoning ?? prose.Trim(), options.MaxReasoningLength),
            DefectType = decision == true ? reading.DefectType : null,
            AdditionalProperties = properties,
        };
    }

    /// <summary>A self-reported "-0" (or "-0%") reads as negative zero, which JSON writers print as <c>-0</c>: scores are never negative.</summary>
    private static double WithoutNegativeZero(double value) => value == 0 ? 0.0 : value;

    private static AnomalyVerdict Unparseable(string answer, VerdictParserOptions options, string? reasoning = null) => new()
    {
        IsAnomalous = null,
        Score = 0.5,
        Status = VerdictStatus.Unparseable,
        Reasoning = Cut(reasoning ?? answer.Trim(), options.MaxReasoningLength),
        AdditionalProperties = new Dictionary<string, object?>(StringComparer.Ordinal) { [VerdictPropertyNames.ScoreSource] = VerdictScoreSource.None },
    };

    private static bool? ReadProseValue(string value, VerdictVocabulary.Polarity polarity, bool yesMeansAnomalous)
    {
        // Try the longest phrase first ("not defective", "no defects"), then the first word alone ("No, the part is fine").
        string[] words = value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        for (int n = words.Length; n >= 1; n--)
        {
            if (VerdictVocabulary.ReadDecisionWords(string.Join(' ', words, 0, n), polarity, yesMeansAnomalous) is bool decision)
            {
                return decision;
            }
        }

        return null;
    }

    private static bool? LeadingAnswer(string answer, bool yesMeansAnomalous)
    {
        ReadOnlySpan<char> text = answer.AsSpan().TrimStart(" \t\r\n*#>-_`\"'");
        int end = 0;
        while (end < text.Length && end < 24 && char.IsLetter(text[end]))
        {
            end++;
        }

        if (end == 0 || end == 24)
        {
            return null;
        }

        // The word must stand alone: the end of the answer, or punctuation right after it ("Yes." "No," "Anomalous:").
        ReadOnlySpan<char> rest = text[end..].TrimStart("*_`\"' \t");
        if (!rest.IsEmpty && rest[0] is not ('.' or ',' or ':' or ';' or '!' or '\n' or '\r' or '-' or '—'))
        {
            return null;
        }

        return VerdictVocabulary.ReadDecisionWords(text[..end].ToString(), VerdictVocabulary.Polarity.Neutral, yesMeansAnomalous);
    }

    private static ReadOnlySpan<char> StripFence(ReadOnlySpan<char> text, out bool fenced)
    {
        fenced = false;
        if (!text.StartsWith("```", StringComparison.Ordinal) || text.Length < 6 || !text.EndsWith("```", StringComparison.Ordinal))
        {
            return text;
        }

        int newline = text.IndexOf('\n');
        if (newline < 0 || newline > text.Length - 4)
        {
            return text;
        }

        ReadOnlySpan<char> inner = text[(newline + 1)..^3];
        if (inner.Contains("```", StringComparison.Ordinal))
        {
            return text;
        }

        fenced = true;
        return inner.Trim();
    }

    private static bool IsStrictJson(ReadOnlySpan<char> body)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(body.ToString(), new JsonDocumentOptions { MaxDepth = MaxDepth + 1 });
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            // ArgumentException: the text holds a lone surrogate, which no JSON text can contain.
            return false;
        }
    }

    private static void AddRepairNotes(List<string> notes, JsonRepairs repairs)
    {
        (JsonRepairs Flag, string Note)[] names =
        [
            (JsonRepairs.SingleQuotes, "single-quotes"), (JsonRepairs.UnquotedKeys, "unquoted-keys"), (JsonRepairs.TrailingCommas, "trailing-comma"),
            (JsonRepairs.MissingCommas, "missing-comma"), (JsonRepairs.BareWords, "bare-words"), (JsonRepairs.ControlCharacters, "control-characters"),
            (JsonRepairs.BadEscapes, "bad-escapes"), (JsonRepairs.Truncated, "truncated"), (JsonRepairs.Comments, "comments"),
            (JsonRepairs.NumberFormat, "number-format"),
        ];
        foreach ((JsonRepairs flag, string note) in names)
        {
            if ((repairs & flag) != 0)
            {
                notes.Add(note);
            }
        }
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");

    private static string Excerpt(string text, int max)
    {
        var builder = new StringBuilder(Math.Min(text.Length, max));
        foreach (char c in text.AsSpan(0, Math.Min(text.Length, max)))
        {
            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        return text.Length > max ? builder.Append('…').ToString() : builder.ToString();
    }
}
