using Microsoft.Extensions.Logging;

namespace Customizable.Vlm.Onnx;

/// <summary>High-performance log messages of the ONNX backend.</summary>
internal static partial class OnnxLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "CUDA execution provider unavailable ({Reason}); falling back to the CPU. CUDA needs CUDA 13 with cuDNN and the Microsoft.ML.OnnxRuntime.Gpu package.")]
    public static partial void CudaFallbackToCpu(ILogger logger, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information,
        Message = "CUDA execution provider not available ({Reason}); using the CPU.")]
    public static partial void AutoSelectedCpu(ILogger logger, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug,
        Message = "ONNX Runtime session created on {Provider} (device {DeviceId}).")]
    public static partial void SessionCreated(ILogger logger, OnnxExecutionProvider provider, int deviceId);
}
