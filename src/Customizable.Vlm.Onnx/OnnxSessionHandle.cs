using Microsoft.ML.OnnxRuntime;

namespace Customizable.Vlm.Onnx;

/// <summary>
/// An ONNX Runtime session together with the execution provider it actually runs on. Disposing the handle
/// releases the session and its native options.
/// </summary>
/// <remarks><see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue})"/>
/// may be called from several threads at once; disposing while runs are in flight is not supported.</remarks>
internal sealed class OnnxSessionHandle : IDisposable
{
    private readonly SessionOptions _sessionOptions;

    internal OnnxSessionHandle(InferenceSession session, SessionOptions sessionOptions, OnnxExecutionProvider activeProvider)
    {
        Session = session;
        _sessionOptions = sessionOptions;
        ActiveProvider = activeProvider;
    }

    /// <summary>Gets the ONNX Runtime session.</summary>
    public InferenceSession Session { get; }

    /// <summary>Gets the provider the session runs on: <see cref="OnnxExecutionProvider.Cpu"/> or <see cref="OnnxExecutionProvider.Cuda"/>, never Auto.</summary>
    public OnnxExecutionProvider ActiveProvider { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        Session.Dispose();
        _sessionOptions.Dispose();
    }
}
