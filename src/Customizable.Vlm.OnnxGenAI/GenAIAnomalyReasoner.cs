using System.Diagnostics;
using System.Globalization;
using Customizable.Vlm.Imaging;
using Customizable.Vlm.OnnxGenAI.Generation;
using Customizable.Vlm.OnnxGenAI.Prompting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntimeGenAI;

namespace Customizable.Vlm.OnnxGenAI;

/// <summary>
/// A local vision-language model as an anomaly reasoner, on ONNX Runtime GenAI: loads a GenAI model folder
/// (<c>genai_config.json</c> + ONNX files; phi3v, phi4mm, qwen2.5-vl and any family with an <see cref="IGenAIPromptRenderer"/>),
/// renders the prompt in the family's chat template with its image placeholders, runs the multimodal processor on the prompt's
/// images, decodes greedily up to a token cap, and parses the JSON answer.
/// </summary>
/// <remarks>
/// <para><b>Score.</b> When the answer contains the decision key (<c>"is_anomalous":</c>, or <c>"correctness":</c> for the
/// original format) and the model exposes its logits, the score is the probability of the anomalous answer at that token,
/// renormalised over the two answers (<see cref="Reasoning.VerdictScoreSource.TokenProbability"/>); it ranks queries even when the
/// greedy answers are the same. It is used only when it lies on the same side of 0.5 as the parsed answer. Otherwise the score is
/// read from the answer as for chat reasoners (<see cref="Reasoning.VerdictParser"/>: a self-reported score or confidence, else
/// 1 / 0 for the hard label). An unreadable answer gives 0.5 and <see cref="VerdictStatus.Unparseable"/>. Diagnostics (input ids,
/// generated tokens, stop reason, decision probability) are under <see cref="GenAIVerdictPropertyNames"/>.</para>
/// <para><b>Concurrency.</b> All members may be called concurrently. The model, the multimodal processor and the tokenizer are
/// loaded once and shared by every call. Each call gets its own generator. At most
/// <see cref="GenAIReasonerOptions.MaxConcurrentGenerations"/> generations run at once (a <see cref="SemaphoreSlim"/> per
/// reasoner, waited on asynchronously and in order, never a process-wide lock); inside a generation the short preprocessing step
/// (image loading, <c>ProcessImages</c>, creating the token stream) is serialised by a lock on this reasoner's processor,
/// because the processor's thread-safety is not documented; token generation itself runs in parallel up to the limit.
/// Different reasoner instances share nothing.</para>
/// <para><b>Cancellation.</b> Checked while waiting for a generation slot, before <c>SetInputs</c> and between generated
/// tokens; a running native step (the vision encoder and prompt prefill in <c>SetInputs</c>, one decoding step) finishes first.</para>
/// <para><b>Ownership.</b> The reasoner owns its model, processor and tokenizer; <see cref="Dispose"/> stops running generations
/// at their next token, waits for them, then releases the native objects. Calls after disposal throw
/// <see cref="ObjectDisposedException"/>. The application should keep one <c>OgaHandle</c> alive for its lifetime (see the
/// ONNX Runtime GenAI documentation); the reasoner does not create one, because disposing it shuts the native library down for
/// the whole process.</para>
/// </remarks>
public sealed partial class GenAIAnomalyReasoner : IAnomalyReasoner, IAsyncDisposable
{
    private readonly GenAIReasonerOptions _options;
    private readonly GenAIModelFolder _folder;
    private readonly IGenAIPromptRenderer _renderer;
    private readonly ILogger _logger;
    private readonly Config _config;
    private readonly Model _model;
    private readonly MultiModalProcessor _processor;
    private readonly Tokenizer _tokenizer;
    private readonly int[] _endOfSequence;
    private readonly DecisionTokens? _jsonDecision;
    private readonly DecisionTokens? _correctnessDecision;
    private readonly object _processorLock = new();
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _lifetime = new();
    private int _activeGenerations;
    private int _peakGenerations;
    private int _disposed;

    /// <summary>Loads a GenAI model folder.</summary>
    /// <param name="modelPath">The folder holding <c>genai_config.json</c> and the model's ONNX, tokenizer and processor files.</param>
    /// <param name="options">Options; null for the defaults (CPU, family from the configuration, 256 new tokens).</param>
    /// <param name="logger">Receives provider decisions (the CUDA fallback is a warning) and per-call diagnostics; null for none.</param>
    /// <exception cref="GenAIModelLoadException">The folder is missing, incomplete or malformed, the native runtime cannot load it,
    /// it has no multimodal processor, or no prompt renderer is known for its family.</exception>
    /// <exception cref="GenAIExecutionProviderUnavailableException">CUDA was required, is unavailable and CPU fallback is off.</exception>
    public GenAIAnomalyReasoner(string modelPath, GenAIReasonerOptions? options = null, ILogger<GenAIAnomalyReasoner>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);
        _options = options?.Clone() ?? new GenAIReasonerOptions();
        _options.Validate();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        long started = Stopwatch.GetTimestamp();
        _folder = GenAIModelFolder.Open(modelPath);
        string family = _options.ModelFamily ?? _folder.ModelType;
        _renderer = _options.PromptRenderer ?? GenAIPromptRenderers.ForModelType(family)
            ?? throw new GenAIModelLoadException(
                modelPath,
                $"No prompt renderer is known for the model family '{family}' (built in: {string.Join(", ", GenAIPromptRenderers.ModelTypes)}). " +
                "Set GenAIReasonerOptions.ModelFamily to a known family with the same template, or GenAIReasonerOptions.PromptRenderer to your own IGenAIPromptRenderer.",
                null);

        (_config, _model, ActiveProvider) = LoadModel(_folder, _options, _logger);
        try
        {
            try
            {
                _processor = new MultiModalProcessor(_model);
            }
            catch (OnnxRuntimeGenAIException ex)
            {
                throw new GenAIModelLoadException(modelPath, $"The model in '{_folder.Path}' (type {_folder.ModelType}) has no usable multimodal processor: {ex.Message}", ex);
            }

            _tokenizer = new Tokenizer(_model);
            _endOfSequence = _tokenizer.GetEosTokenIds().ToArray();
            _jsonDecision = DecisionTokens.Create(AnswerFormat.Json, Encode);
            _correctnessDecision = DecisionTokens.Create(AnswerFormat.OriginalCorrectness, Encode);
        }
        catch
        {
            _tokenizer?.Dispose();
            _processor?.Dispose();
            _model.Dispose();
            _config.Dispose();
            throw;
        }

        _slots = new SemaphoreSlim(_options.MaxConcurrentGenerations, _options.MaxConcurrentGenerations);
        ModelId = _options.ModelId ?? $"onnxruntime-genai/{_renderer.Family}/{Path.GetFileName(_folder.Path.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar))}";
        double loadMilliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        GenAILog.Loaded(_logger, _folder.Path, _folder.ModelType, _renderer.Family, ActiveProvider, loadMilliseconds);
    }

    /// <summary>Gets the execution provider actually in use (after any fallback): <see cref="GenAIExecutionProvider.Cpu"/> or <see cref="GenAIExecutionProvider.Cuda"/>.</summary>
    public GenAIExecutionProvider ActiveProvider { get; }

    /// <summary>Gets the full path of the model folder.</summary>
    public string ModelPath => _folder.Path;

    /// <summary>Gets the model type from <c>genai_config.json</c>, e.g. <c>phi3v</c>.</summary>
    public string ModelType => _folder.ModelType;

    /// <summary>Gets the prompt renderer in use.</summary>
    public IGenAIPromptRenderer PromptRenderer => _renderer;

    /// <summary>Gets the model id reported in verdicts.</summary>
    public string ModelId { get; }

    /// <summary>Gets the largest number of generations that ran at the same time so far (for tests and diagnostics).</summary>
    internal int PeakConcurrentGenerations => Volatile.Read(ref _peakGenerations);

    /// <summary>Renders a prompt exactly as <see cref="ReasonAsync"/> would hand it to the multimodal processor.</summary>
    /// <param name="prompt">The prompt.</param>
    /// <returns>The text with the family's image placeholders, and the images in placeholder order.</returns>
    public GenAIRenderedPrompt RenderPrompt(AnomalyPrompt prompt) => _renderer.Render(prompt);

    /// <inheritdoc />
    /// <exception cref="GenAIGenerationException">The processor or the model rejected the prompt, or decoding failed; the
    /// exception says at which stage and, when known, how many input ids the prompt had.</exception>
    public async Task<AnomalyVerdict> ReasonAsync(AnomalyPrompt prompt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        GenAIRenderedPrompt rendered = _renderer.Render(prompt);
        GenAILog.Rendered(_logger, _renderer.Family, rendered.Images.Count, rendered.Text);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
        try
        {
            await _slots.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ObjectDisposedException(nameof(GenAIAnomalyReasoner));
        }

        GenerationRun run;
        try
        {
            int active = Interlocked.Increment(ref _activeGenerations);
            InterlockedMax(ref _peakGenerations, active);
            string directory = Path.Combine(_options.TempDirectory ?? Path.GetTempPath(), "cvlm-genai-" + Guid.NewGuid().ToString("N"));
            try
            {
                string[] paths = await WriteImagesAsync(rendered, directory, linked.Token).ConfigureAwait(false);
                AnswerFormat format = prompt.Spec.AnswerFormat;
                run = await Task.Run(() => Generate(rendered, paths, format, linked.Token), CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                TryDeleteDirectory(directory);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && _lifetime.IsCancellationRequested)
        {
            throw new ObjectDisposedException(nameof(GenAIAnomalyReasoner), "The reasoner was disposed while this call was generating.");
        }
        finally
        {
            Interlocked.Decrement(ref _activeGenerations);
            _slots.Release();
        }

        return CreateVerdict(run);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType.IsInstanceOfType(this) ? this
            : serviceType == typeof(GenAIReasonerOptions) ? _options.Clone()
            : serviceType == typeof(AnomalyReasonerMetadata) ? new AnomalyReasonerMetadata("genai", AnomalyReasonerInputs.PromptText | AnomalyReasonerInputs.ReferenceImages | AnomalyReasonerInputs.QueryImages)
            : serviceType == typeof(IGenAIPromptRenderer) ? _renderer
            : serviceType == typeof(Model) ? _model
            : null;
    }

    /// <summary>
    /// Stops running generations at their next token, waits for them to end, and releases the model, processor and tokenizer.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _lifetime.Cancel();
        for (int i = 0; i < _options.MaxConcurrentGenerations; i++)
        {
            _slots.Wait();
        }

        Release();
    }

    /// <summary>Stops running generations at their next token, waits asynchronously for them to end, and releases the model,
    /// processor and tokenizer.</summary>
    /// <returns>A task that completes when everything is released.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _lifetime.CancelAsync().ConfigureAwait(false);
        for (int i = 0; i < _options.MaxConcurrentGenerations; i++)
        {
            await _slots.WaitAsync().ConfigureAwait(false);
        }

        Release();
    }

    private void Release()
    {
        _tokenizer.Dispose();
        _processor.Dispose();
        _model.Dispose();
        _config.Dispose();
        _slots.Dispose();
        _lifetime.Dispose();
    }

    private static (Config Config, Model Model, GenAIExecutionProvider Provider) LoadModel(GenAIModelFolder folder, GenAIReasonerOptions options, ILogger logger)
    {
        if (options.Provider != GenAIExecutionProvider.Cpu)
        {
            if (TryLoad(folder, cuda: true, options.DeviceId, out Config? config, out Model? model, out Exception? failure))
            {
                return (config, model, GenAIExecutionProvider.Cuda);
            }

            if (options.Provider == GenAIExecutionProvider.Cuda)
            {
                if (!options.AllowCpuFallback)
                {
                    throw new GenAIExecutionProviderUnavailableException(
                        $"The CUDA execution provider could not be used for '{folder.Path}' on device {options.DeviceId}: {failure.Message} " +
                        "CUDA needs an NVIDIA GPU with CUDA installed, a model folder exported for CUDA, and the application referencing " +
                        "Microsoft.ML.OnnxRuntimeGenAI.Cuda instead of Microsoft.ML.OnnxRuntimeGenAI. Set GenAIReasonerOptions.AllowCpuFallback to run on the CPU instead.",
                        failure);
                }

                GenAILog.CudaFallbackToCpu(logger, failure.Message);
            }
            else
            {
                GenAILog.AutoSelectedCpu(logger, failure.Message);
            }
        }

        if (TryLoad(folder, cuda: false, 0, out Config? cpuConfig, out Model? cpuModel, out Exception? cpuFailure))
        {
            return (cpuConfig, cpuModel, GenAIExecutionProvider.Cpu);
        }

        string advice = cpuFailure is DllNotFoundException or EntryPointNotFoundException or TypeInitializationException
            ? " The native ONNX Runtime GenAI library could not be loaded: the application must reference Microsoft.ML.OnnxRuntimeGenAI (CPU) or Microsoft.ML.OnnxRuntimeGenAI.Cuda."
            : string.Empty;
        throw new GenAIModelLoadException(folder.Path, $"ONNX Runtime GenAI could not load the model in '{folder.Path}': {cpuFailure.Message}{advice}", cpuFailure);
    }

    private static bool TryLoad(
        GenAIModelFolder folder,
        bool cuda,
        int deviceId,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Config? config,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Model? model,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out Exception? failure)
    {
        config = null;
        model = null;
        try
        {
            config = new Config(folder.Path);
            config.ClearProviders();
            if (cuda)
            {
                config.AppendProvider("cuda");
                if (deviceId != 0)
                {
                    config.SetProviderOption("cuda", "device_id", deviceId.ToString(CultureInfo.InvariantCulture));
                }
            }

            model = new Model(config);
            failure = null;
            return true;
        }
        catch (Exception ex) when (ex is OnnxRuntimeGenAIException or DllNotFoundException or EntryPointNotFoundException or TypeInitializationException)
        {
            config?.Dispose();
            config = null;
            failure = ex;
            return false;
        }
    }

    private static async Task<string[]> WriteImagesAsync(GenAIRenderedPrompt rendered, string directory, CancellationToken cancellationToken)
    {
        if (rendered.Images.Count == 0)
        {
            return [];
        }

        Directory.CreateDirectory(directory);
        string[] paths = new string[rendered.Images.Count];
        for (int i = 0; i < paths.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            paths[i] = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"image_{i + 1}.png"));
            await ImageFiles.SavePngAsync(rendered.Images[i].View.Frame, paths[i], cancellationToken).ConfigureAwait(false);
        }

        return paths;
    }

    private static void TryDeleteDirectory(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: the files are in a per-call folder under the temporary directory.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private int[] Encode(string text)
    {
        using Sequences sequences = _tokenizer.Encode(text);
        return sequences[0].ToArray();
    }

    private GenerationRun Generate(GenAIRenderedPrompt rendered, string[] imagePaths, AnswerFormat format, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        long started = Stopwatch.GetTimestamp();
        Images? images = null;
        NamedTensors? inputs = null;
        TokenizerStream? stream = null;
        try
        {
            lock (_processorLock)
            {
                try
                {
                    images = imagePaths.Length == 0 ? null : Images.Load(imagePaths);
                    inputs = _processor.ProcessImages(rendered.Text, images);
                    stream = _processor.CreateStream();
                }
                catch (OnnxRuntimeGenAIException ex)
                {
                    throw new GenAIGenerationException(
                        GenAIGenerationStage.Processing,
                        null,
                        $"The {_renderer.Family} multimodal processor rejected the prompt with {imagePaths.Length} image(s): {ex.Message}",
                        ex);
                }
            }

            int? inputCount = ProcessedInputs.TryGetInputIdCount(inputs);
            if (inputCount is null)
            {
                GenAILog.InputCountUnavailable(_logger, _options.MaxPromptTokens);
            }
            else if (inputCount > _options.MaxPromptTokens)
            {
                throw new GenAIGenerationException(
                    GenAIGenerationStage.Processing,
                    inputCount,
                    $"The processed prompt has {inputCount} input ids, more than MaxPromptTokens ({_options.MaxPromptTokens}). Use fewer or smaller images, or raise the limit.",
                    null);
            }

            int maxLength = (inputCount ?? _options.MaxPromptTokens) + _options.MaxNewTokens;
            if (_folder.ContextLength is int context && maxLength > context)
            {
                if (inputCount >= context)
                {
                    throw new GenAIGenerationException(
                        GenAIGenerationStage.Processing,
                        inputCount,
                        $"The processed prompt has {inputCount} input ids, but the model's context is {context} tokens.",
                        null);
                }

                maxLength = context;
            }

            GenAILog.Processed(_logger, imagePaths.Length, inputCount, maxLength);
            using var parameters = new GeneratorParams(_model);
            parameters.SetSearchOption("max_length", maxLength);
            parameters.SetSearchOption("do_sample", false);
            using var generator = new Generator(_model, parameters);
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                generator.SetInputs(inputs);
            }
            catch (OnnxRuntimeGenAIException ex)
            {
                throw new GenAIGenerationException(
                    GenAIGenerationStage.SetInputs,
                    inputCount,
                    $"The model rejected the processed prompt ({inputCount?.ToString(CultureInfo.InvariantCulture) ?? "an unknown number of"} input ids, {imagePaths.Length} image(s)) when its inputs were set: {ex.Message}",
                    ex);
            }

            var tokens = new GenAITokenGenerator(generator, stream!, _endOfSequence, _folder.LogitsName, inputCount);
            DecisionTokens? decision = !_options.ScoreFromLogits ? null
                : format == AnswerFormat.OriginalCorrectness ? _correctnessDecision
                : _jsonDecision;
            GenerationOutcome outcome = GenerationLoop.Run(tokens, _options.MaxNewTokens, decision, cancellationToken);
            if (tokens.LogitsFailure is not null)
            {
                GenAILog.LogitsUnavailable(_logger, tokens.LogitsFailure);
            }

            double milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            GenAILog.Generated(_logger, outcome.TokenCount, outcome.Stop, milliseconds);
            return new GenerationRun(outcome, rendered.Images.Count, inputCount, maxLength, milliseconds);
        }
        finally
        {
            stream?.Dispose();
            inputs?.Dispose();
            images?.Dispose();
        }
    }
}
