using System.Diagnostics;
using Customizable.Vlm.Preprocessing;

namespace Customizable.Vlm.Onnx.Tests;

[Collection(SharedReasoner.Name)]
public sealed class InspectionPathTests : IDisposable
{
    private readonly ReasonerFixture _fixture;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "cvlm-path-tests-" + Guid.NewGuid().ToString("N"));

    public InspectionPathTests(ReasonerFixture fixture)
    {
        _fixture = fixture;
        Directory.CreateDirectory(_folder);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static InspectionSpec EightLargeReferences()
    {
        var spec = new InspectionSpec();
        for (int seed = 1; seed <= 8; seed++)
        {
            // 800x1600 views, like the juice bottles of MVTec LOCO: the profile's size must not depend on the image size.
            RawFrame part = SyntheticParts.Normal(seed).Frame;
            spec.References.Add(ImageObservation.FromFrame(Enlarge(part, 800, 1600), $"good-{seed}.png"));
        }

        return spec;
    }

    private static RawFrame Enlarge(RawFrame frame, int width, int height)
    {
        byte[] pixels = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<byte> row = frame.GetRow(y * frame.Height / height);
            for (int x = 0; x < width; x++)
            {
                row.Slice(x * frame.Width / width * 3, 3).CopyTo(pixels.AsSpan(((y * width) + x) * 3));
            }
        }

        return new RawFrame(width, height, PixelFormat.Rgb24, pixels);
    }

    [Fact]
    public async Task An_embedded_profile_of_eight_references_is_under_3_MB_and_scores_the_same_after_loading()
    {
        var stopwatch = Stopwatch.StartNew();
        InspectionProfile profile = await _fixture.Inspector.CustomizeAsync(EightLargeReferences());
        TimeSpan customize = stopwatch.Elapsed;
        string path = Path.Combine(_folder, "eight.cvlm");

        await _fixture.Inspector.SaveProfileAsync(profile, path);
        stopwatch.Restart();
        InspectionProfile loaded = await _fixture.Inspector.LoadProfileAsync(path);
        TimeSpan load = stopwatch.Elapsed;

        long size = new FileInfo(path).Length;
        Assert.True(size < 3_000_000, $"The profile has {size:N0} bytes.");
        Assert.Empty(loaded.ReferenceViews);
        Assert.Equal(8, loaded.References.Count);
        Observation query = ImageObservation.FromFrame(Enlarge(ReasonerFixture.Defect(DefectKind.DarkBlob).Frame, 800, 1600));
        AnomalyVerdict before = await _fixture.Inspector.InspectAsync(profile, query);
        AnomalyVerdict after = await _fixture.Inspector.InspectAsync(loaded, query);
        Assert.Equal(before.Score, after.Score);
        Assert.Equal(before.Regions.Select(r => r.Box), after.Regions.Select(r => r.Box));
        Console.WriteLine($"8 references of 800x1600: customize {customize.TotalMilliseconds:0} ms, profile {size:N0} bytes, load {load.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task A_profile_built_with_other_feature_settings_is_refused_when_it_is_loaded()
    {
        InspectionProfile profile = await _fixture.GetProfileAsync();
        string path = Path.Combine(_folder, "default.cvlm");
        await _fixture.Inspector.SaveProfileAsync(profile, path);
        FeatureReasonerOptions other = ReasonerFixture.DefaultOptions();
        other.Backbone = FeatureBackboneOptions.ResNet18([ResNet18Layers.Layer2], ResNet18Fixture.CpuOptions());
        using var reasoner = new FeatureReasoner(other);

        var error = await Assert.ThrowsAsync<InvalidProfileException>(() => new AnomalyInspector(reasoner).LoadProfileAsync(path));

        Assert.Contains(((FeatureReferenceModel)profile.ReferenceModel!).FeatureSignature, error.Message, StringComparison.Ordinal);
        Assert.Contains("(384 values)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_profile_keeps_its_averaging_window_when_a_reasoner_with_another_window_loads_it()
    {
        // Customized with no averaging (window 1), saved, then loaded and inspected by a reasoner whose own window is 3 (the
        // fixture's): the profile's window is used, so the verdict is the one of the reasoner that built it.
        FeatureReasonerOptions fine = ReasonerFixture.DefaultOptions();
        fine.LocalAveragingKernel = 1;
        using var builder = new FeatureReasoner(fine);
        var builderInspector = new AnomalyInspector(builder);
        InspectionProfile profile = await builderInspector.CustomizeAsync(ReasonerFixture.NewSpec());
        string path = Path.Combine(_folder, "window1.cvlm");
        await builderInspector.SaveProfileAsync(profile, path);

        InspectionProfile loaded = await _fixture.Inspector.LoadProfileAsync(path);
        Observation query = ReasonerFixture.Defect(DefectKind.Scratch).ToObservation("q");
        AnomalyVerdict original = await builderInspector.InspectAsync(profile, query);
        AnomalyVerdict reloaded = await _fixture.Inspector.InspectAsync(loaded, query);
        AnomalyVerdict withFixtureWindow = await _fixture.Inspector.InspectAsync(await _fixture.GetProfileAsync(), query);

        Assert.EndsWith("|k1", ((FeatureReferenceModel)loaded.ReferenceModel!).BaseSignature, StringComparison.Ordinal);
        Assert.Equal(original.Score, reloaded.Score, 12);
        Assert.Equal(original.Regions.Select(r => r.Box), reloaded.Regions.Select(r => r.Box));
        Assert.NotEqual(withFixtureWindow.Score, reloaded.Score, 6);
    }

    [Fact]
    public async Task A_profile_keeps_its_own_tuned_settings_when_loaded_by_a_reasoner_with_other_pinned_settings()
    {
        InspectionProfile profile = await _fixture.GetProfileAsync();
        var model = (FeatureReferenceModel)profile.ReferenceModel!;
        string path = Path.Combine(_folder, "tuned.cvlm");
        await _fixture.Inspector.SaveProfileAsync(profile, path);
        FeatureReasonerOptions other = ReasonerFixture.DefaultOptions();
        other.NormalizeFeatures = !model.NormalizeFeatures;
        other.ResizeMode = model.ResizeMode == TensorResizeMode.Stretch ? TensorResizeMode.Letterbox : TensorResizeMode.Stretch;
        using var reasoner = new FeatureReasoner(other);
        var inspector = new AnomalyInspector(reasoner);

        InspectionProfile loaded = await inspector.LoadProfileAsync(path);
        var loadedModel = (FeatureReferenceModel)loaded.ReferenceModel!;
        SyntheticImage query = ReasonerFixture.Defect(DefectKind.DarkBlob);
        AnomalyVerdict original = await _fixture.Inspector.InspectAsync(profile, query.ToObservation("q"));
        AnomalyVerdict reloaded = await inspector.InspectAsync(loaded, query.ToObservation("q"));

        Assert.Equal((model.ResizeMode, model.NormalizeFeatures), (loadedModel.ResizeMode, loadedModel.NormalizeFeatures));
        Assert.Equal(original.Score, reloaded.Score, 12);
        Assert.NotNull(loadedModel.Tuning);
        Assert.Equal(model.Tuning!.Chosen, loadedModel.Tuning!.Chosen);
        Assert.Equal(model.Tuning.Candidates.Select(c => c.Objective), loadedModel.Tuning.Candidates.Select(c => c.Objective));
        Assert.Equal(model.Tuning.Thresholds[0].DefectScores, loadedModel.Tuning.Thresholds[0].DefectScores);
    }

    [Fact]
    public async Task The_embedded_reasoner_declares_that_it_reads_only_its_reference_model()
    {
        Assert.Equal(AnomalyReasonerInputs.ReferenceModel, _fixture.Inspector.ReasonerInputs);
        Assert.Same(_fixture.Reasoner, _fixture.Reasoner.GetService<IReferenceModelBuilder>());
        Assert.Null(_fixture.Reasoner.GetService<FeatureBackbone>());
        InspectionProfile profile = await _fixture.GetProfileAsync();
        Assert.Empty(profile.ReferenceViews);
    }

    [Fact]
    public async Task Inspecting_from_a_single_threaded_synchronization_context_does_not_block_it()
    {
        InspectionProfile profile = await _fixture.GetProfileAsync();
        Observation query = ReasonerFixture.Defect(DefectKind.Scratch).ToObservation("q");
        using var context = new SingleThreadContext();

        // Start the inspection on the context's thread: the call must hand back a running task, not run the inspection there.
        (Task<AnomalyVerdict> inspection, bool completedOnReturn) = await context.RunAsync(() =>
        {
            Task<AnomalyVerdict> task = _fixture.Inspector.InspectAsync(profile, query);
            return (task, task.IsCompleted);
        });
        // The context's thread is free for other work while the inspection runs.
        Assert.True(await context.RunAsync(() => true));
        AnomalyVerdict verdict = await inspection;
        Assert.False(completedOnReturn);
        Assert.True(verdict.Score > 0);
    }

    [Fact]
    public async Task Disposing_while_inspections_run_waits_for_them_or_fails_new_ones_and_never_crashes()
    {
        FeatureReasonerOptions options = ReasonerFixture.DefaultOptions();
        var reasoner = new FeatureReasoner(options);
        var inspector = new AnomalyInspector(reasoner);
        InspectionProfile profile = await inspector.CustomizeAsync(ReasonerFixture.NewSpec());
        Observation query = ReasonerFixture.Defect(DefectKind.Scratch).ToObservation("q");

        Task<AnomalyVerdict>[] running = [.. Enumerable.Range(0, 6).Select(_ => Task.Run(() => inspector.InspectAsync(profile, query)))];
        await Task.Delay(30);
        await reasoner.DisposeAsync();

        int completed = 0, refused = 0;
        foreach (Task<AnomalyVerdict> task in running)
        {
            try
            {
                Assert.True((await task).Score > 0);
                completed++;
            }
            catch (ObjectDisposedException)
            {
                refused++;
            }
        }

        Assert.Equal(6, completed + refused);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => inspector.InspectAsync(profile, query));
        reasoner.Dispose();
    }

    /// <summary>A synchronization context whose callbacks all run on one dedicated thread, like a UI thread.</summary>
    private sealed class SingleThreadContext : SynchronizationContext, IDisposable
    {
        private readonly System.Collections.Concurrent.BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue = [];
        private readonly Thread _thread;

        public SingleThreadContext()
        {
            _thread = new Thread(() =>
            {
                SetSynchronizationContext(this);
                foreach ((SendOrPostCallback callback, object? state) in _queue.GetConsumingEnumerable())
                {
                    callback(state);
                }
            }) { IsBackground = true };
            _thread.Start();
        }

        public override void Post(SendOrPostCallback d, object? state) => _queue.Add((d, state));

        public Task<T> RunAsync<T>(Func<T> action)
        {
            var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            Post(_ => done.SetResult(action()), null);
            return done.Task;
        }

        public void Dispose()
        {
            _queue.CompleteAdding();
            _thread.Join();
            _queue.Dispose();
        }
    }
}
