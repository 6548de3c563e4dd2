using Microsoft.ML.OnnxRuntime;

namespace Customizable.Vlm.Onnx.Tests;

/// <summary>A missing native runtime, simulated where the factory makes its first native call (creating session options).</summary>
public class NativeRuntimeLoadFailureTests : IClassFixture<ResNet18Fixture>
{
    private readonly ResNet18Fixture _fixture;

    public NativeRuntimeLoadFailureTests(ResNet18Fixture fixture) => _fixture = fixture;

    private static TypeInitializationException MissingLibrary() =>
        new("Microsoft.ML.OnnxRuntime.NativeMethods", new DllNotFoundException("Unable to load shared library 'onnxruntime' or one of its dependencies."));

    [Theory]
    [InlineData(OnnxExecutionProvider.Cpu, "Microsoft.ML.OnnxRuntime")]
    [InlineData(OnnxExecutionProvider.Auto, "Microsoft.ML.OnnxRuntime")]
    [InlineData(OnnxExecutionProvider.Cuda, "Microsoft.ML.OnnxRuntime.Gpu")]
    public void A_missing_native_runtime_raises_a_typed_exception_that_names_the_package_to_add(OnnxExecutionProvider provider, string package)
    {
        var factory = new OnnxSessionFactory(null, () => throw MissingLibrary());
        var options = new OnnxSessionOptions { Provider = provider, AllowCpuFallback = true };

        var error = Assert.Throws<OnnxRuntimeNotFoundException>(() => factory.Create(_fixture.ModelBytes, options));

        Assert.Equal(package, error.PackageId);
        Assert.Contains($"add a package reference to {package} ", error.Message, StringComparison.Ordinal);
        Assert.Contains("Unable to load shared library 'onnxruntime'", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<OnnxBackendException>(error);
        Assert.IsType<TypeInitializationException>(error.InnerException);
    }

    [Fact]
    public void A_missing_native_runtime_is_typed_for_model_files_too()
    {
        var factory = new OnnxSessionFactory(null, () => throw new DllNotFoundException("onnxruntime"));

        var error = Assert.Throws<OnnxRuntimeNotFoundException>(() => factory.Create(_fixture.ModelPath, new OnnxSessionOptions { Provider = OnnxExecutionProvider.Cpu }));

        Assert.IsType<DllNotFoundException>(error.InnerException);
    }

    [Fact]
    public void A_native_runtime_of_another_version_is_reported_the_same_way()
    {
        var factory = new OnnxSessionFactory(null, () => throw new TypeInitializationException(
            "Microsoft.ML.OnnxRuntime.NativeMethods", new EntryPointNotFoundException("OrtGetApiBase")));

        var error = Assert.Throws<OnnxRuntimeNotFoundException>(() => factory.Create(_fixture.ModelBytes, new OnnxSessionOptions { Provider = OnnxExecutionProvider.Cpu }));

        Assert.Contains("major.minor version", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_errors_of_the_first_native_call_pass_through_unchanged()
    {
        var factory = new OnnxSessionFactory(null, () => throw new InvalidOperationException("something else"));

        var error = Assert.Throws<InvalidOperationException>(() => factory.Create(_fixture.ModelBytes, new OnnxSessionOptions { Provider = OnnxExecutionProvider.Cpu }));

        Assert.Equal("something else", error.Message);
    }

    [Fact]
    public void Type_initialisers_of_other_libraries_are_not_taken_for_onnx_runtime()
    {
        var foreign = new TypeInitializationException("SomeVendor.Interop", new DllNotFoundException("vendor"));

        Assert.False(NativeRuntimeLoadFailure.IsMatch(foreign));
        Assert.True(NativeRuntimeLoadFailure.IsMatch(MissingLibrary()));
        Assert.False(NativeRuntimeLoadFailure.IsMatch(new ExecutionProviderUnavailableException("cuda", new DllNotFoundException("cudnn"))));
    }

    [Fact]
    public void The_real_native_runtime_still_creates_sessions_through_the_seam()
    {
        int calls = 0;
        var factory = new OnnxSessionFactory(null, () =>
        {
            calls++;
            return new SessionOptions();
        });

        using var handle = factory.Create(_fixture.ModelBytes, new OnnxSessionOptions { Provider = OnnxExecutionProvider.Cpu, IntraOpNumThreads = 1 });

        Assert.Equal(OnnxExecutionProvider.Cpu, handle.ActiveProvider);
        Assert.Equal(1, calls);
    }
}
