using Microsoft.ML.OnnxRuntimeGenAI;

namespace Customizable.Vlm.OnnxGenAI.Generation;

/// <summary>Adapts an ONNX Runtime GenAI <see cref="Generator"/> (batch entry 0) and a <see cref="TokenizerStream"/> to the decoding loop.</summary>
/// <remarks>
/// Borrows the generator and the stream; the caller disposes them. Once a step has failed the generator is not touched again:
/// ONNX Runtime GenAI 0.18 can crash the process when a failed generator is asked for another token.
/// </remarks>
internal sealed class GenAITokenGenerator : ITokenGenerator
{
    private readonly Generator _generator;
    private readonly TokenizerStream _stream;
    private readonly HashSet<int> _endOfSequence;
    private readonly string _logitsName;
    private readonly int? _inputTokenCount;
    private bool _failed;

    public GenAITokenGenerator(Generator generator, TokenizerStream stream, IEnumerable<int> endOfSequenceIds, string logitsName, int? inputTokenCount)
    {
        _generator = generator;
        _stream = stream;
        _endOfSequence = [.. endOfSequenceIds];
        _logitsName = logitsName;
        _inputTokenCount = inputTokenCount;
    }

    /// <summary>Gets the error message of the last failed logits read, or null.</summary>
    /// <remarks>
    /// GenAI 0.18 runs the model lazily at the start of <c>GenerateNextToken</c> and then picks the token, so right after a step
    /// <c>GetOutput("logits")</c> returns the logits that step's token was chosen from (checked on the phi3v dummy: the arg-max of
    /// the logits read after the first step is the generated token).
    /// </remarks>
    public string? LogitsFailure { get; private set; }

    public bool IsDone => _failed || _generator.IsDone();

    public int GenerateNextToken()
    {
        if (_failed)
        {
            throw new InvalidOperationException("The generator failed before; it must not be used again.");
        }

        try
        {
            _generator.GenerateNextToken();
            return _generator.GetNextTokens()[0];
        }
        catch (OnnxRuntimeGenAIException ex)
        {
            _failed = true;
            throw new GenAIGenerationException(GenAIGenerationStage.Generation, _inputTokenCount, $"ONNX Runtime GenAI failed to generate the next token: {ex.Message}", ex);
        }
    }

    public string Decode(int token) => _stream.Decode(token);

    public bool IsEndOfSequence(int token) => _endOfSequence.Contains(token);

    public float[]? ReadLastLogits()
    {
        if (_failed)
        {
            return null;
        }

        try
        {
            using Tensor logits = _generator.GetOutput(_logitsName);
            long[] shape = logits.Shape();
            if (shape.Length is < 2 or > 3 || shape[^1] <= 0 || shape[^1] > int.MaxValue)
            {
                LogitsFailure = $"unexpected logits shape [{string.Join(", ", shape)}]";
                return null;
            }

            int vocabulary = (int)shape[^1];
            long rowsPerBatch = shape.Length == 3 ? shape[1] : 1;
            long offset = (rowsPerBatch - 1) * vocabulary;
            if (logits.NumElements() > int.MaxValue)
            {
                // Only prompt-step logits get this large; the decision token is never the first generated token.
                LogitsFailure = $"logits of {logits.NumElements()} elements are too large to read";
                return null;
            }

            var row = new float[vocabulary];
            switch (logits.Type())
            {
                case ElementType.float32:
                    logits.GetData<float>().Slice((int)offset, vocabulary).CopyTo(row);
                    break;
                case ElementType.float16:
                    ReadOnlySpan<Half> half = logits.GetData<Half>().Slice((int)offset, vocabulary);
                    for (int i = 0; i < vocabulary; i++)
                    {
                        row[i] = (float)half[i];
                    }

                    break;
                default:
                    LogitsFailure = $"logits of element type {logits.Type()} are not supported";
                    return null;
            }

            return row;
        }
        catch (OnnxRuntimeGenAIException ex)
        {
            LogitsFailure = ex.Message;
            return null;
        }
    }
}
