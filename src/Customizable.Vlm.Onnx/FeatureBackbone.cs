using Customizable.Vlm.Preprocessing;
using Customizable.Vlm.Onnx.Graph;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Customizable.Vlm.Onnx;

/// <summary>
/// Runs a CNN (by default the shipped ImageNet ResNet18) and returns intermediate feature maps for batches of any size.
/// </summary>
/// <remarks>
/// <para>At construction the model's graph is edited in memory: the requested values become the only outputs (so the
/// classifier head is pruned) and the batch dimension becomes symbolic. A one-image probe run may be made to learn
/// output shapes the model does not declare.</para>
/// <para><see cref="Extract"/> is thread-safe: ONNX Runtime's <c>InferenceSession.Run</c> may be called concurrently
/// and every call uses its own input, output and run-options objects. <see cref="Dispose"/> must not race with running
/// extractions.</para>
/// <para>The input must be prepared as described by <see cref="ChannelOrder"/>, <see cref="MeanRgb"/>, <see cref="StdRgb"/>
/// and <see cref="Scale"/>: <c>(pixel * Scale - MeanRgb[c]) / StdRgb[c]</c>, NCHW, <see cref="InputHeight"/> x <see cref="InputWidth"/>.</para>
/// </remarks>
internal sealed class FeatureBackbone : IDisposable
{
    private readonly OnnxSessionHandle _handle;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly (int Channels, int Height, int Width)[] _outputShapes;
    private volatile bool _disposed;

    /// <summary>Loads the model and creates the session.</summary>
    /// <param name="options">Model, outputs, preprocessing facts and session options; <see langword="null"/> uses the shipped ResNet18.</param>
    /// <param name="logger">Receives execution-provider decisions (for example a CUDA fallback warning).</param>
    /// <exception cref="OnnxModelNotFoundException">The model file does not exist.</exception>
    /// <exception cref="OnnxGraphException">The input or a requested output is not part of the graph.</exception>
    /// <exception cref="ExecutionProviderUnavailableException">CUDA was required but cannot be used.</exception>
    public FeatureBackbone(FeatureBackboneOptions? options = null, ILogger? logger = null)
    {
        var o = (options ?? new FeatureBackboneOptions()).Clone();
        o.Validate();

        ModelPath = o.ModelPath ?? ResolveShippedModelPath();
        if (!File.Exists(ModelPath))
        {
            throw new OnnxModelNotFoundException(
                ModelPath,
                $"The ONNX model '{ModelPath}' does not exist. Check FeatureBackboneOptions.ModelPath, or set it to null to use the shipped ResNet18.");
        }

        var editor = OnnxGraphEditor.Load(File.ReadAllBytes(ModelPath));
        if (!editor.InputNames.Contains(o.InputName, StringComparer.Ordinal))
        {
            throw new OnnxGraphException(
                $"The model has no input named '{o.InputName}'. Inputs: {string.Join(", ", editor.InputNames)}.",
                editor.InputNames);
        }

        editor.SetOutputs(o.FeatureOutputs);
        editor.PruneUnusedNodes();
        editor.MakeBatchDimensionSymbolic();
        editor.SetInputSpatialSize(o.InputName, o.InputHeight, o.InputWidth);

        InputName = o.InputName;
        InputWidth = o.InputWidth;
        InputHeight = o.InputHeight;
        ChannelOrder = o.ChannelOrder;
        MeanRgb = [.. o.MeanRgb];
        StdRgb = [.. o.StdRgb];
        Scale = o.Scale;
        _inputNames = [o.InputName];
        _outputNames = [.. o.FeatureOutputs];

        _handle = new OnnxSessionFactory(logger).Create(editor.ToByteArray(), o.Session);
        try
        {
            ValidateInput();
            _outputShapes = ResolveOutputShapes();
        }
        catch
        {
            _handle.Dispose();
            throw;
        }
    }

    /// <summary>Gets the path of the model that was loaded.</summary>
    public string ModelPath { get; }

    /// <summary>Gets the provider the session runs on (<see cref="OnnxExecutionProvider.Cpu"/> or <see cref="OnnxExecutionProvider.Cuda"/>).</summary>
    public OnnxExecutionProvider ActiveProvider => _handle.ActiveProvider;

    /// <summary>Gets the name of the image input.</summary>
    public string InputName { get; }

    /// <summary>Gets the input width in pixels.</summary>
    public int InputWidth { get; }

    /// <summary>Gets the input height in pixels.</summary>
    public int InputHeight { get; }

    /// <summary>Gets the number of floats of one input image (3 * height * width).</summary>
    public int InputLength => 3 * InputHeight * InputWidth;

    /// <summary>Gets the order of the color planes the model expects.</summary>
    public TensorChannelOrder ChannelOrder { get; }

    /// <summary>Gets the per-channel mean subtracted from <c>pixel * Scale</c>, indexed red, green, blue.</summary>
    public IReadOnlyList<float> MeanRgb { get; }

    /// <summary>Gets the per-channel standard deviation the centred value is divided by, indexed red, green, blue.</summary>
    public IReadOnlyList<float> StdRgb { get; }

    /// <summary>Gets the factor applied to 0..255 pixel values before the mean is subtracted.</summary>
    public float Scale { get; }

    /// <summary>Gets the names of the returned feature maps, in order.</summary>
    public IReadOnlyList<string> OutputNames => _outputNames;

    /// <summary>Gets the per-image shape (channels, height, width) of a returned feature map.</summary>
    /// <param name="index">Position in <see cref="OutputNames"/>.</param>
    /// <returns>The shape without the batch dimension.</returns>
    public (int Channels, int Height, int Width) GetOutputShape(int index) => _outputShapes[index];

    /// <summary>Runs the backbone on a batch.</summary>
    /// <param name="nchw">Prepared input, <paramref name="batchSize"/> * <see cref="InputLength"/> floats in NCHW order. It is read in place (pinned, not copied).</param>
    /// <param name="batchSize">Number of images, at least 1.</param>
    /// <param name="cancellationToken">Cancels the run; ONNX Runtime stops at the next operator.</param>
    /// <returns>One [N,C,H,W] map per entry of <see cref="OutputNames"/>.</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public FeatureMaps Extract(ReadOnlySpan<float> nchw, int batchSize, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var destinations = new Memory<float>[_outputNames.Length];
        for (var i = 0; i < destinations.Length; i++)
        {
            destinations[i] = new float[GetOutputLength(i, batchSize)];
        }

        return ExtractInto(nchw, batchSize, destinations, cancellationToken);
    }

    /// <summary>Gets the number of floats output <paramref name="index"/> has for a batch of <paramref name="batchSize"/> images.</summary>
    internal int GetOutputLength(int index, int batchSize)
    {
        var (c, h, w) = _outputShapes[index];
        return checked(batchSize * c * h * w);
    }

    /// <summary>Runs the backbone, writing each output into the caller's memory (for example pooled arrays).</summary>
    /// <param name="nchw">Prepared input, as for <see cref="Extract"/>.</param>
    /// <param name="batchSize">Number of images.</param>
    /// <param name="destinations">One buffer per output, each exactly <see cref="GetOutputLength"/> floats.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>Maps over <paramref name="destinations"/>.</returns>
    internal unsafe FeatureMaps ExtractInto(ReadOnlySpan<float> nchw, int batchSize, IReadOnlyList<Memory<float>> destinations, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if ((long)batchSize * InputLength != nchw.Length)
        {
            throw new ArgumentException(
                $"Expected {(long)batchSize * InputLength} floats ({batchSize} x 3 x {InputHeight} x {InputWidth}), got {nchw.Length}.",
                nameof(nchw));
        }

        cancellationToken.ThrowIfCancellationRequested();

        var maps = new FeatureMap[_outputNames.Length];
        var outputs = new OrtValue[_outputNames.Length];
        try
        {
            for (var i = 0; i < outputs.Length; i++)
            {
                var (c, h, w) = _outputShapes[i];
                Memory<float> data = destinations[i];
                outputs[i] = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, data, [batchSize, c, h, w]);
                maps[i] = new FeatureMap(_outputNames[i], batchSize, c, h, w, data);
            }

            fixed (float* input = nchw)
            {
                using var inputValue = OrtValue.CreateTensorValueWithData(
                    OrtMemoryInfo.DefaultInstance,
                    TensorElementType.Float,
                    [batchSize, 3, InputHeight, InputWidth],
                    (IntPtr)input,
                    (long)nchw.Length * sizeof(float));
                using var runOptions = new RunOptions();
                using var registration = cancellationToken.Register(static state => ((RunOptions)state!).Terminate = true, runOptions);
                try
                {
                    _handle.Session.Run(runOptions, _inputNames, [inputValue], _outputNames, outputs);
                }
                catch (OnnxRuntimeException ex) when (cancellationToken.IsCancellationRequested)
                {
                    throw new OperationCanceledException("The feature extraction was cancelled.", ex, cancellationToken);
                }
            }
        }
        finally
        {
            foreach (var output in outputs)
            {
                output?.Dispose();
            }
        }

        return new FeatureMaps(batchSize, maps);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _handle.Dispose();
        }
    }

    /// <summary>Finds the shipped ResNet18 next to the application or next to this assembly.</summary>
    /// <returns>The first existing candidate path.</returns>
    /// <exception cref="OnnxModelNotFoundException">No candidate exists.</exception>
    internal static string ResolveShippedModelPath()
    {
        var candidates = new List<string> { Path.Combine(AppContext.BaseDirectory, ResNet18Layers.RelativeModelPath) };
        var assemblyDirectory = Path.GetDirectoryName(typeof(FeatureBackbone).Assembly.Location);
        if (!string.IsNullOrEmpty(assemblyDirectory))
        {
            candidates.Add(Path.Combine(assemblyDirectory, ResNet18Layers.RelativeModelPath));
        }

        var found = candidates.Find(File.Exists);
        if (found is not null)
        {
            return found;
        }

        throw new OnnxModelNotFoundException(
            candidates[0],
            $"The shipped ResNet18 model was not found (looked at: {string.Join("; ", candidates.Distinct(StringComparer.Ordinal))}). " +
            "The Customizable.Vlm.Onnx package copies it to the output folder as models/resnet18/ResNet18.onnx; make sure the " +
            "CustomizableVlmCopyResNet18 property is not false and the file is deployed with the app, or set FeatureBackboneOptions.ModelPath.");
    }

    private void ValidateInput()
    {
        var dims = _handle.Session.InputMetadata[InputName].Dimensions;
        int[] expected = [-1, 3, InputHeight, InputWidth];
        var ok = dims.Length == 4;
        for (var i = 1; ok && i < 4; i++)
        {
            ok = dims[i] <= 0 || dims[i] == expected[i];
        }

        if (!ok)
        {
            throw new OnnxBackendException(
                $"Input '{InputName}' has shape [{string.Join(",", dims)}], which does not accept [N,3,{InputHeight},{InputWidth}]. Check InputWidth and InputHeight.");
        }
    }

    private (int Channels, int Height, int Width)[] ResolveOutputShapes()
    {
        var declared = _outputNames.Select(n => _handle.Session.OutputMetadata[n].Dimensions).ToArray();
        if (declared.All(d => d.Length == 4 && d[1] > 0 && d[2] > 0 && d[3] > 0))
        {
            return declared.Select(d => (d[1], d[2], d[3])).ToArray();
        }

        // Some values have no declared shape: learn them from a one-image run on zeros.
        var probe = new float[InputLength];
        using var inputValue = OrtValue.CreateTensorValueFromMemory(probe, [1, 3, InputHeight, InputWidth]);
        using var runOptions = new RunOptions();
        using var results = _handle.Session.Run(runOptions, _inputNames, [inputValue], _outputNames);
        return results.Select((value, i) =>
        {
            var shape = value.GetTensorTypeAndShape().Shape;
            if (shape.Length != 4)
            {
                throw new OnnxGraphException($"Output '{_outputNames[i]}' has rank {shape.Length}; feature maps must be [N,C,H,W].");
            }

            return ((int)shape[1], (int)shape[2], (int)shape[3]);
        }).ToArray();
    }
}
