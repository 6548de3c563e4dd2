using Customizable.Vlm.OnnxGenAI.Generation;

namespace Customizable.Vlm.OnnxGenAI.Tests.Generation;

/// <summary>A fake generator that plays back a script of (token, text, logits) steps and records what the loop asked for.</summary>
internal sealed class ScriptedTokenGenerator : ITokenGenerator
{
    public const int EndOfSequence = -1;
    private readonly (int Token, string Text, float[]? Logits)[] _script;
    private int _next;

    public ScriptedTokenGenerator(params (int Token, string Text, float[]? Logits)[] script)
    {
        _script = script;
    }

    public Action<int>? OnToken { get; set; }

    public int FailAtStep { get; set; } = -1;

    public int Generated => _next;

    public int LogitReads { get; private set; }

    public bool IsDone => _next > 0 && _script[_next - 1].Token == EndOfSequence || _next >= _script.Length;

    public int GenerateNextToken()
    {
        if (_next == FailAtStep)
        {
            throw new GenAIGenerationException(GenAIGenerationStage.Generation, 12, "scripted failure", null);
        }

        int token = _script[_next++].Token;
        OnToken?.Invoke(_next);
        return token;
    }

    public string Decode(int token) => _script[_next - 1].Text;

    public bool IsEndOfSequence(int token) => token == EndOfSequence;

    public float[]? ReadLastLogits()
    {
        LogitReads++;
        return _script[_next - 1].Logits;
    }

    /// <summary>Splits a text into one-character tokens (token id = character code).</summary>
    public static (int, string, float[]?)[] Characters(string text) => [.. text.Select(c => ((int)c, c.ToString(), (float[]?)null))];
}
