using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Customizable.Vlm.Cli.Commands;

/// <summary>Options shared by several commands.</summary>
internal static class CommonOptions
{
    /// <summary><c>--reasoner &lt;name&gt;</c>, <c>default</c> by default.</summary>
    public static Option<string> Reasoner()
    {
        var option = new Option<string>("--reasoner")
        {
            Description = "The reasoner: 'default' is the embedded, offline feature reasoner; 'default-exact' the same with exact nearest-neighbour search over all feature dimensions.",
            DefaultValueFactory = _ => "default",
            HelpName = "name",
        };
        option.AcceptOnlyFromAmong(ReasonerFactory.Names);
        return option;
    }

    /// <summary><c>--reasoner &lt;name&gt;</c> without a default, for commands where a given value must be checked against a saved
    /// profile (null when absent).</summary>
    public static Option<string?> ReasonerForProfile()
    {
        var option = new Option<string?>("--reasoner")
        {
            Description = "The reasoner the profile was customized with ('default' or 'default-exact'); optional: a saved profile keeps its own search, so a name that differs from it is refused.",
            HelpName = "name",
        };
        option.AcceptOnlyFromAmong(ReasonerFactory.Names);
        return option;
    }

    /// <summary><c>--threshold-margin &lt;spread&gt;</c>: a finite number, null when absent.</summary>
    public static Option<double?> ThresholdMargin() => new("--threshold-margin")
    {
        Description = "Embedded reasoner: shift of the decision threshold from the self-tuned one, in units of the normal scores' spread (absent: the reasoner's default). Negative flags more defects and more false alarms; positive fewer of both. Fixed in the profile at customization.",
        HelpName = "spread",
        CustomParser = r => FiniteNumber(r, "--threshold-margin") is not { } margin ? null
            : margin is >= -20 and <= 20 ? margin
            : Refuse(r, "--threshold-margin must be from -20 to 20 spreads."),
    };

    private static double? Refuse(ArgumentResult result, string error)
    {
        result.AddError(error);
        return null;
    }

    /// <summary><c>--memory-bank-size &lt;patches&gt;</c>: a whole number of at least 0, null when absent.</summary>
    public static Option<int?> MemoryBankSize() => new("--memory-bank-size")
    {
        Description = "Embedded reasoner: the most reference patches kept in the memory bank (larger banks are reduced by coreset selection); 0 keeps every patch. Fixed in the profile at customization.",
        HelpName = "patches",
        CustomParser = r => WholeNumber(r, "--memory-bank-size", 0, "must be 0 (keep every patch) or a positive number of patches"),
    };

    /// <summary><c>--input-size &lt;pixels&gt;</c>: a whole number in [32, 2048], null when absent.</summary>
    public static Option<int?> InputSize() => new("--input-size")
    {
        Description = "Embedded reasoner: the width and height, in pixels, views are resized to for the backbone (absent: the reasoner's default, 320). Smaller is faster (224 is about 2x faster than 320) and sees less detail. Fixed in the profile at customization.",
        HelpName = "pixels",
        CustomParser = r => WholeNumber(r, "--input-size", 32, "must be from 32 to 2048 pixels", maximum: 2048),
    };

    /// <summary><c>--input-shape square|aspect</c>: whether the backbone input takes the references' proportions; null when absent.</summary>
    public static Option<string?> InputShape() => new("--input-shape")
    {
        Description = "Embedded reasoner: 'aspect' (default) gives the backbone input the references' median proportions at about the same number of pixels (800 x 1600 references run at 224 x 464 instead of 320 x 320); 'square' stretches every view to a square. Fixed in the profile at customization.",
        HelpName = "square|aspect",
        CustomParser = r => OneOf(r, "--input-shape", "square", "aspect"),
    };

    /// <summary><c>--feature-norm layer|whole</c>: how unit-length patch features are normalised; null when absent.</summary>
    public static Option<string?> FeatureNorm() => new("--feature-norm")
    {
        Description = "Embedded reasoner: 'layer' (default) scales each backbone layer's part of a patch feature to the same length, so layer2 and layer3 weigh the same; 'whole' scales the whole feature at once, where layer3 dominates (the behaviour before this option, which older profiles keep). docs/accuracy.md, 'Each layer normalised on its own'. Fixed in the profile at customization.",
        HelpName = "layer|whole",
        CustomParser = r => OneOf(r, "--feature-norm", "layer", "whole"),
    };

    /// <summary><c>--averaging-window &lt;patches&gt;</c>: an odd whole number in [1, 15], null when absent.</summary>
    public static Option<int?> AveragingWindow() => new("--averaging-window")
    {
        Description = "Embedded reasoner: each patch feature is averaged with its neighbours over this many patches a side (odd; 1 averages nothing; absent: 3). 1 keeps fine detail: on MVTec 3D-AD tire it raised image AUROC from 0.78 to 0.82 (4 references) and 0.80 to 0.85 (16) and sent far more maps to the defect, but it lost on MVTec LOCO juice_bottle's logical anomalies and MTD magnetic_tile; docs/accuracy.md, 'Averaging window'. Fixed in the profile at customization.",
        HelpName = "patches",
        CustomParser = r => OddWholeNumber(r, "--averaging-window", 15),
    };

    /// <summary><c>--mirrored-copies on|off</c>: whether mirrored copies of the references join the memory; null when absent.</summary>
    public static Option<string?> MirroredCopies() => new("--mirrored-copies")
    {
        Description = "Embedded reasoner: 'on' (default) adds each reference mirrored left to right and top to bottom to the memory (with two references or more), so a normal part seen the other way round still matches; 'off' keeps only the references, for parts whose mirror image is itself a defect (a left-hand part among right-hand ones, a part mounted the wrong way round): with the copies and the mirrored query a part and its mirror image score exactly alike. 'off' also turns the mirrored query off. On MVTec 3D-AD tire with mirrored tires as the defects 'off' raised image AUROC from 0.50 to 1.00 (4 and 16 references), and lowered it on the real defects from 0.79 to 0.71 (4) and 0.84 to 0.79 (16); docs/accuracy.md, 'Parts whose mirror image is a defect'. Fixed in the profile at customization.",
        HelpName = "on|off",
        CustomParser = r => OneOf(r, "--mirrored-copies", "on", "off"),
    };

    /// <summary><c>--mirrored-query on|off</c>: whether queries are also scored mirrored; null when absent.</summary>
    public static Option<string?> MirroredQuery() => new("--mirrored-query")
    {
        Description = "Embedded reasoner: 'on' (default) also scores each query mirrored left to right and averages each patch's distance with its mirrored twin's (with 2 to 32 references, whose mirrored copies are in the memory; above that the memory has no room for enough copies and each query is scored once); 'off' scores it once, about 2x faster per image. On MVTec 3D-AD tire 'on' raised image AUROC from 0.80 to 0.84 at 16 references and sharpened the maps of every development category; docs/accuracy.md, 'The query and its mirror image, averaged'. Fixed in the profile at customization.",
        HelpName = "on|off",
        CustomParser = r => OneOf(r, "--mirrored-query", "on", "off"),
    };

    /// <summary><c>--turned-copies auto|on|off</c>: turned copies of the references; null when absent.</summary>
    public static Option<string?> TurnedCopies() => new("--turned-copies")
    {
        Description = "Embedded reasoner: whether turned copies of each reference join the memory, for parts that lie at any angle: turned by a quarter turn both ways and by half a turn, then by one, three, five and seven eighths of a turn. 'auto' (default) adds the quarter turns when 2 to 16 references show their parts in different orientations (at least a quarter of the reference pairs match a turned copy clearly better), and then the eighth turns when at least an eighth of the pairs match one of those better still (when some pairs but under a quarter match a quarter turn, that second count decides for both); customize prints both counts. 'on' always adds all; 'off' never. On MVTec 3D-AD tire turned by quarter turns 'auto' raised image AUROC from 0.69 to 0.78 (4 references) and 0.80 to 0.84 (16), and turned by any angle from 0.62 to 0.74 (4) and 0.73 to 0.81 (16); it never chose them on the development categories; docs/accuracy.md, 'Parts in any orientation'. Fixed in the profile at customization.",
        HelpName = "auto|on|off",
        CustomParser = r => OneOf(r, "--turned-copies", ["auto", "on", "off"]),
    };

    /// <summary><c>--edge-rings &lt;rings&gt;</c>: a whole number in [0, 8], null when absent.</summary>
    public static Option<int?> EdgeRings() => new("--edge-rings")
    {
        Description = "Embedded reasoner: how many outer rings of the patch grid are lowered to the distance of the nearest patch inside them (0 keeps them). Absent: chosen at customization, 1 for a single reference or when at least 40% of the held-out references are strongest on the outer ring (textures that fill the view, like MTD magnetic_tile), else 0 (objects like MVTec 3D-AD tire, whose defects reach the image edge); docs/accuracy.md, 'Edge patches'. Fixed in the profile at customization.",
        HelpName = "rings",
        CustomParser = r => WholeNumber(r, "--edge-rings", 0, "must be from 0 to 8", maximum: 8),
    };

    /// <summary><c>--self-tuning &lt;seconds&gt;</c>: a whole number of at least 0, null when absent.</summary>
    public static Option<int?> SelfTuning() => new("--self-tuning")
    {
        Description = "Embedded reasoner: seconds customization may spend choosing the resize mode and feature normalisation from synthetic defects planted on held-out references (0 or absent: off, the measured default settings). Fixed in the profile at customization.",
        HelpName = "seconds",
        CustomParser = r => WholeNumber(r, "--self-tuning", 0, "must be 0 (off) or a positive number of seconds"),
    };

    /// <summary>Parses an option's finite decimal value (invariant culture), reporting "NAME: 'abc' is not a number." or
    /// "NAME must be a finite number.".</summary>
    /// <param name="result">The option's argument.</param>
    /// <param name="name">The option, e.g. <c>--threshold-margin</c>.</param>
    /// <returns>The value, or null after an error (or without a token).</returns>
    public static double? FiniteNumber(ArgumentResult result, string name)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Tokens.Count == 0)
        {
            return null;
        }

        string token = result.Tokens[^1].Value;
        if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            result.AddError($"{name}: '{token}' is not a number.");
            return null;
        }

        if (!double.IsFinite(value))
        {
            result.AddError($"{name} must be a finite number.");
            return null;
        }

        return value;
    }

    /// <summary>Parses an option's value that must be one of two words, reporting "NAME must be 'A' or 'B', not 'x'.".</summary>
    public static string? OneOf(ArgumentResult result, string name, string first, string second) => OneOf(result, name, [first, second]);

    /// <summary>The option's value when it is one of <paramref name="allowed"/>; otherwise an error naming them.</summary>
    public static string? OneOf(ArgumentResult result, string name, params string[] allowed)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(allowed);
        string? value = result.Tokens.Count == 0 ? null : result.Tokens[0].Value;
        if (value is null || Array.IndexOf(allowed, value) < 0)
        {
            string names = allowed.Length == 2
                ? $"'{allowed[0]}' or '{allowed[1]}'"
                : string.Join(", ", allowed[..^1].Select(a => $"'{a}'")) + $" or '{allowed[^1]}'";
            result.AddError($"{name} must be {names}, not '{value}'.");
            return null;
        }

        return value;
    }

    /// <summary>Parses an option's whole-number value, reporting "NAME: 'abc' is not a whole number." (never the CLR type name).</summary>
    /// <param name="result">The option's argument.</param>
    /// <param name="name">The option, e.g. <c>--shots</c>.</param>
    /// <param name="minimum">The smallest accepted value.</param>
    /// <param name="rangeMessage">What the error says after the option name when the value is outside [<paramref name="minimum"/>,
    /// <paramref name="maximum"/>].</param>
    /// <param name="maximum">The largest accepted value (none by default).</param>
    /// <returns>The value, or null after an error (or without a token).</returns>
    public static int? WholeNumber(ArgumentResult result, string name, int minimum, string rangeMessage, int maximum = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Tokens.Count == 0)
        {
            return null;
        }

        string token = result.Tokens[^1].Value;
        if (!int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
        {
            result.AddError($"{name}: '{token}' is not a whole number.");
            return null;
        }

        if (value < minimum || value > maximum)
        {
            result.AddError($"{name} {rangeMessage}.");
            return null;
        }

        return value;
    }

    /// <summary>Parses an odd whole number in [1, <paramref name="maximum"/>], reporting "NAME must be an odd number from 1 to MAX.".</summary>
    /// <param name="result">The option's argument.</param>
    /// <param name="name">The option.</param>
    /// <param name="maximum">The largest accepted value.</param>
    /// <returns>The value, or null after an error (or without a token).</returns>
    public static int? OddWholeNumber(ArgumentResult result, string name, int maximum)
    {
        string rangeMessage = string.Create(CultureInfo.InvariantCulture, $"must be an odd number from 1 to {maximum}");
        int? value = WholeNumber(result, name, 1, rangeMessage, maximum);
        if (value is { } v && v % 2 == 0)
        {
            result.AddError($"{name} {rangeMessage}.");
            return null;
        }

        return value;
    }
}
