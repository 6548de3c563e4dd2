using Microsoft.ML.OnnxRuntime;

namespace Customizable.Vlm.Onnx;

/// <summary>How <see cref="OnnxSessionFactory"/> creates ONNX Runtime sessions.</summary>
public sealed class OnnxSessionOptions
{
    /// <summary>Gets or sets the execution provider to use. Defaults to <see cref="OnnxExecutionProvider.Auto"/>.</summary>
    public OnnxExecutionProvider Provider { get; set; } = OnnxExecutionProvider.Auto;

    /// <summary>
    /// Gets or sets a value indicating whether a session that asked for <see cref="OnnxExecutionProvider.Cuda"/> may run on
    /// the CPU when CUDA cannot be initialised (a warning is logged). When <see langword="false"/> the factory throws
    /// <see cref="ExecutionProviderUnavailableException"/> instead. Defaults to <see langword="true"/>.
    /// <see cref="OnnxExecutionProvider.Auto"/> always falls back.
    /// </summary>
    public bool AllowCpuFallback { get; set; } = true;

    /// <summary>Gets or sets the CUDA device ordinal. Defaults to 0.</summary>
    public int DeviceId { get; set; }

    /// <summary>Gets or sets the threads used inside one operator; 0 (the default) lets ONNX Runtime decide.</summary>
    public int IntraOpNumThreads { get; set; }

    /// <summary>Gets or sets the threads used to run independent operators in parallel; 0 (the default) lets ONNX Runtime decide.</summary>
    public int InterOpNumThreads { get; set; }

    /// <summary>
    /// Gets or sets whether ONNX Runtime's worker threads busy-wait for more work after each run (ONNX Runtime's own default is
    /// to spin). Defaults to <see langword="false"/>: spinning threads keep the cores busy for a while after <c>Run</c> returns and
    /// starve the caller's own parallel work (on 2 cores the nearest-neighbour search that follows the backbone ran at half speed),
    /// while the run itself measured no slower without it (docs/performance.md).
    /// </summary>
    public bool AllowSpinning { get; set; }

    /// <summary>Gets or sets the graph optimisation level. Defaults to <see cref="GraphOptimizationLevel.ORT_ENABLE_ALL"/>.</summary>
    public GraphOptimizationLevel GraphOptimizationLevel { get; set; } = GraphOptimizationLevel.ORT_ENABLE_ALL;

    /// <summary>Creates an independent copy of these options.</summary>
    /// <returns>A new instance with the same values.</returns>
    public OnnxSessionOptions Clone() => (OnnxSessionOptions)MemberwiseClone();

    internal void Validate()
    {
        if (!Enum.IsDefined(Provider))
        {
            throw new ArgumentOutOfRangeException(nameof(Provider), Provider, "Unknown execution provider.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(DeviceId, nameof(DeviceId));
        ArgumentOutOfRangeException.ThrowIfNegative(IntraOpNumThreads, nameof(IntraOpNumThreads));
        ArgumentOutOfRangeException.ThrowIfNegative(InterOpNumThreads, nameof(InterOpNumThreads));
    }
}
