using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;

namespace Customizable.Vlm.Onnx;

/// <summary>
/// Creates ONNX Runtime sessions on the requested execution provider, with a visible fallback to the CPU.
/// </summary>
/// <remarks>
/// <para>CUDA availability is detected by actually initialising the CUDA execution provider (and the session on it),
/// not by <c>OrtEnv.GetAvailableProviders()</c>, which lists CUDA whenever the runtime was built with it even if the
/// CUDA libraries are missing.</para>
/// <para><see cref="OnnxExecutionProvider.Cuda"/>: on failure a warning is logged and the CPU is used when
/// <see cref="OnnxSessionOptions.AllowCpuFallback"/> is set, otherwise <see cref="ExecutionProviderUnavailableException"/>
/// is thrown. <see cref="OnnxExecutionProvider.Auto"/>: CUDA is tried quietly (information level) and the CPU is used otherwise.</para>
/// <para>When the native ONNX Runtime library cannot be loaded (the application references no native runtime package), the
/// loader's error is raised as <see cref="OnnxRuntimeNotFoundException"/>, naming the package to add.</para>
/// <para>The factory is stateless apart from its logger and can be shared between threads.</para>
/// </remarks>
internal sealed class OnnxSessionFactory
{
    private readonly ILogger _logger;
    private readonly Func<SessionOptions> _newSessionOptions;

    /// <summary>Creates a factory.</summary>
    /// <param name="logger">Receives fallback warnings and provider decisions; <see langword="null"/> discards them.</param>
    public OnnxSessionFactory(ILogger? logger = null)
        : this(logger, static () => new SessionOptions())
    {
    }

    /// <summary>Creates a factory with its own way to create native session options (the first call into the native runtime).</summary>
    /// <param name="logger">Receives fallback warnings and provider decisions; <see langword="null"/> discards them.</param>
    /// <param name="newSessionOptions">Creates an empty <see cref="SessionOptions"/>; tests simulate a missing native runtime here.</param>
    internal OnnxSessionFactory(ILogger? logger, Func<SessionOptions> newSessionOptions)
    {
        _logger = logger ?? NullLogger.Instance;
        _newSessionOptions = newSessionOptions;
    }

    /// <summary>Creates a session from an in-memory model.</summary>
    /// <param name="model">The serialized ONNX model.</param>
    /// <param name="options">Provider and threading options; <see langword="null"/> uses the defaults.</param>
    /// <returns>The session and the provider it runs on.</returns>
    /// <exception cref="ExecutionProviderUnavailableException">CUDA was required but cannot be used.</exception>
    /// <exception cref="OnnxRuntimeNotFoundException">The native ONNX Runtime library cannot be loaded.</exception>
    public OnnxSessionHandle Create(byte[] model, OnnxSessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return CreateCore(sessionOptions => new InferenceSession(model, sessionOptions), options ?? new OnnxSessionOptions());
    }

    /// <summary>Creates a session from a model file.</summary>
    /// <param name="modelPath">Path of the ONNX model.</param>
    /// <param name="options">Provider and threading options; <see langword="null"/> uses the defaults.</param>
    /// <returns>The session and the provider it runs on.</returns>
    /// <exception cref="OnnxModelNotFoundException">The file does not exist.</exception>
    /// <exception cref="ExecutionProviderUnavailableException">CUDA was required but cannot be used.</exception>
    /// <exception cref="OnnxRuntimeNotFoundException">The native ONNX Runtime library cannot be loaded.</exception>
    public OnnxSessionHandle Create(string modelPath, OnnxSessionOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);
        if (!File.Exists(modelPath))
        {
            throw new OnnxModelNotFoundException(modelPath, $"The ONNX model '{modelPath}' does not exist.");
        }

        return CreateCore(sessionOptions => new InferenceSession(modelPath, sessionOptions), options ?? new OnnxSessionOptions());
    }

    private OnnxSessionHandle CreateCore(Func<SessionOptions, InferenceSession> open, OnnxSessionOptions options)
    {
        options.Validate();
        try
        {
            return CreateOnProvider(open, options);
        }
        catch (Exception ex) when (NativeRuntimeLoadFailure.IsMatch(ex))
        {
            throw NativeRuntimeLoadFailure.ToException(ex, options.Provider);
        }
    }

    private OnnxSessionHandle CreateOnProvider(Func<SessionOptions, InferenceSession> open, OnnxSessionOptions options)
    {
        if (options.Provider != OnnxExecutionProvider.Cpu)
        {
            var cuda = TryCreateOnCuda(open, options, out var failure);
            if (cuda is not null)
            {
                OnnxLog.SessionCreated(_logger, OnnxExecutionProvider.Cuda, options.DeviceId);
                return cuda;
            }

            if (options.Provider == OnnxExecutionProvider.Cuda)
            {
                if (!options.AllowCpuFallback)
                {
                    throw new ExecutionProviderUnavailableException(
                        OnnxExecutionProvider.Cuda,
                        $"The CUDA execution provider could not be initialised on device {options.DeviceId}: {failure!.Message} " +
                        "CUDA needs an NVIDIA GPU with CUDA 13 and cuDNN installed, and the application must reference " +
                        "Microsoft.ML.OnnxRuntime.Gpu instead of Microsoft.ML.OnnxRuntime. " +
                        "Set OnnxSessionOptions.AllowCpuFallback to true to run on the CPU instead.",
                        failure);
                }

                OnnxLog.CudaFallbackToCpu(_logger, failure!.Message);
            }
            else
            {
                OnnxLog.AutoSelectedCpu(_logger, failure!.Message);
            }
        }

        var cpuOptions = CreateSessionOptions(options);
        try
        {
            var session = open(cpuOptions);
            OnnxLog.SessionCreated(_logger, OnnxExecutionProvider.Cpu, 0);
            return new OnnxSessionHandle(session, cpuOptions, OnnxExecutionProvider.Cpu);
        }
        catch
        {
            cpuOptions.Dispose();
            throw;
        }
    }

    private OnnxSessionHandle? TryCreateOnCuda(Func<SessionOptions, InferenceSession> open, OnnxSessionOptions options, out Exception? failure)
    {
        var sessionOptions = CreateSessionOptions(options);
        try
        {
            sessionOptions.AppendExecutionProvider_CUDA(options.DeviceId);
            var session = open(sessionOptions);
            failure = null;
            return new OnnxSessionHandle(session, sessionOptions, OnnxExecutionProvider.Cuda);
        }
        catch (Exception ex) when (ex is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException)
        {
            sessionOptions.Dispose();
            failure = ex;
            return null;
        }
    }

    private SessionOptions CreateSessionOptions(OnnxSessionOptions options)
    {
        var sessionOptions = _newSessionOptions();
        try
        {
            sessionOptions.GraphOptimizationLevel = options.GraphOptimizationLevel;
            sessionOptions.IntraOpNumThreads = options.IntraOpNumThreads;
            sessionOptions.InterOpNumThreads = options.InterOpNumThreads;
            string spin = options.AllowSpinning ? "1" : "0";
            sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", spin);
            sessionOptions.AddSessionConfigEntry("session.inter_op.allow_spinning", spin);
            return sessionOptions;
        }
        catch
        {
            sessionOptions.Dispose();
            throw;
        }
    }
}
