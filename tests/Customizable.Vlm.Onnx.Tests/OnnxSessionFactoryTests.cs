using Microsoft.Extensions.Logging;

namespace Customizable.Vlm.Onnx.Tests;

/// <summary>These run where only the CPU build of ONNX Runtime is referenced, so CUDA can never initialise.</summary>
public class OnnxSessionFactoryTests : IClassFixture<ResNet18Fixture>
{
    private readonly ResNet18Fixture _fixture;

    public OnnxSessionFactoryTests(ResNet18Fixture fixture) => _fixture = fixture;

    [Fact]
    public void Cuda_without_cuda_falls_back_to_the_cpu_with_a_warning()
    {
        var logger = new CapturingLogger();
        var options = new OnnxSessionOptions { Provider = OnnxExecutionProvider.Cuda, AllowCpuFallback = true, IntraOpNumThreads = 2 };

        using var handle = new OnnxSessionFactory(logger).Create(_fixture.ModelPath, options);

        Assert.Equal(OnnxExecutionProvider.Cpu, handle.ActiveProvider);
        var warning = Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains("CUDA", warning.Message, StringComparison.Ordinal);
        Assert.Contains("CPU", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cuda_without_cuda_and_without_fallback_raises_a_typed_exception()
    {
        var options = new OnnxSessionOptions { Provider = OnnxExecutionProvider.Cuda, AllowCpuFallback = false };

        var error = Assert.Throws<ExecutionProviderUnavailableException>(() => new OnnxSessionFactory().Create(_fixture.ModelPath, options));

        Assert.Equal(OnnxExecutionProvider.Cuda, error.Provider);
        Assert.IsAssignableFrom<OnnxBackendException>(error);
        Assert.Contains("CUDA 13", error.Message, StringComparison.Ordinal);
        Assert.Contains("Microsoft.ML.OnnxRuntime.Gpu", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.InnerException);
    }

    [Fact]
    public void Auto_selects_the_cpu_here_without_a_warning()
    {
        var logger = new CapturingLogger();

        using var handle = new OnnxSessionFactory(logger).Create(_fixture.ModelBytes, new OnnxSessionOptions { IntraOpNumThreads = 2 });

        Assert.Equal(OnnxExecutionProvider.Cpu, handle.ActiveProvider);
        Assert.DoesNotContain(logger.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("CPU", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_model_file_raises_a_typed_exception()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "missing.onnx");

        var error = Assert.Throws<OnnxModelNotFoundException>(() => new OnnxSessionFactory().Create(path));

        Assert.Equal(path, error.ModelPath);
    }

    [Fact]
    public void Session_options_clone_independently()
    {
        var original = new OnnxSessionOptions { Provider = OnnxExecutionProvider.Cuda, DeviceId = 1 };
        var copy = original.Clone();
        copy.DeviceId = 3;

        Assert.Equal(1, original.DeviceId);
        Assert.Equal(OnnxExecutionProvider.Cuda, copy.Provider);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_session_runs_with_worker_spinning_on_or_off(bool spinning)
    {
        var options = FeatureBackboneOptions.ResNet18(session: new OnnxSessionOptions { Provider = OnnxExecutionProvider.Cpu, IntraOpNumThreads = 2, AllowSpinning = spinning });
        (options.InputWidth, options.InputHeight) = (224, 224);
        using var backbone = new FeatureBackbone(options);
        var image = ResNet18Fixture.RandomImages(1, 4);

        var maps = backbone.Extract(image, 1);

        Assert.Equal(_fixture.Backbone.Extract(image, 1)[0].Data.ToArray(), maps[0].Data.ToArray());
        Assert.False(new OnnxSessionOptions().AllowSpinning);
        Assert.Equal(spinning, options.Session.Clone().AllowSpinning);
    }
}
