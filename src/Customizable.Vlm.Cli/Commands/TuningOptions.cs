using System.CommandLine;

namespace Customizable.Vlm.Cli.Commands;

/// <summary>
/// The embedded reasoner's settings that <c>customize</c>, <c>eval</c> and <c>inspect</c> all take (<see cref="ReasonerTuning"/>):
/// one instance per command, added to it in help order by <see cref="AddTo"/> and read back by <see cref="Read"/>.
/// </summary>
internal sealed class TuningOptions
{
    private readonly Option<double?> _margin = CommonOptions.ThresholdMargin();
    private readonly Option<int?> _bank = CommonOptions.MemoryBankSize();
    private readonly Option<int?> _selfTuning = CommonOptions.SelfTuning();
    private readonly Option<int?> _inputSize = CommonOptions.InputSize();
    private readonly Option<string?> _inputShape = CommonOptions.InputShape();
    private readonly Option<int?> _edgeRings = CommonOptions.EdgeRings();
    private readonly Option<string?> _featureNorm = CommonOptions.FeatureNorm();
    private readonly Option<int?> _averagingWindow = CommonOptions.AveragingWindow();
    private readonly Option<string?> _mirroredCopies = CommonOptions.MirroredCopies();
    private readonly Option<string?> _mirroredQuery = CommonOptions.MirroredQuery();
    private readonly Option<string?> _turnedCopies = CommonOptions.TurnedCopies();

    /// <summary>Adds every option to <paramref name="command"/>, right after <paramref name="after"/> (its <c>--reasoner</c>), so that
    /// help lists them together.</summary>
    public void AddTo(Command command, Option after)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(after);
        int at = command.Options.IndexOf(after) + 1;
        if (at == 0)
        {
            throw new ArgumentException("The option to add after is not the command's.", nameof(after));
        }

        foreach (Option option in new Option[] { _margin, _bank, _selfTuning, _inputSize, _inputShape, _edgeRings, _featureNorm, _averagingWindow, _mirroredCopies, _mirroredQuery, _turnedCopies })
        {
            command.Options.Insert(at++, option);
        }
    }

    /// <summary>The settings given on the command line (null for each one left out).</summary>
    public ReasonerTuning Read(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return new ReasonerTuning(parse.GetValue(_margin), parse.GetValue(_bank), parse.GetValue(_selfTuning))
        {
            InputSize = parse.GetValue(_inputSize),
            InputShape = parse.GetValue(_inputShape),
            EdgeRings = parse.GetValue(_edgeRings),
            FeatureNorm = parse.GetValue(_featureNorm),
            AveragingWindow = parse.GetValue(_averagingWindow),
            MirroredCopies = parse.GetValue(_mirroredCopies),
            MirroredQuery = parse.GetValue(_mirroredQuery),
            TurnedCopies = parse.GetValue(_turnedCopies),
        };
    }
}
