using System.Runtime.InteropServices;
using Customizable.Vlm.Orleans.Grains;

namespace Customizable.Vlm.Orleans;

/// <summary>Inspects images on an Orleans cluster whose silos run <c>AddCvlmInspection</c>: each call goes to a stateless inspection
/// worker on a silo (from a cluster client, spread over the gateways; from inside a silo, the local silo), which uses the silo's parsed
/// copy of the profile and its reasoner.</summary>
/// <remarks>
/// <para>Register it with <c>IClientBuilder.AddCvlmInspectionClient()</c> (a client app) or get it from a silo's services (registered by
/// <c>AddCvlmInspection</c>), or create one over any <see cref="IGrainFactory"/>.</para>
/// <para>Thread-safety: all members may be called concurrently. Ownership: holds the grain factory it is given and nothing to dispose.</para>
/// <para>Errors, all of which reach the caller across the cluster: <see cref="ProfileNotFoundException"/> (no such profile),
/// <see cref="InspectionRejectedException"/> (the silo is saturated: back-pressure, safe to retry), <see cref="InvalidProfileException"/>
/// (the stored profile is corrupt or needs another reasoner), <see cref="InvalidObservationException"/> (the image cannot be read),
/// <see cref="ArgumentException"/> (a bad request), <see cref="OperationCanceledException"/> (the token was cancelled: the
/// cancellation travels to the silo and stops the inspection there).</para>
/// </remarks>
public sealed class ClusterInspector
{
    /// <summary>The number of inspection worker keys calls are spread over. A cluster client routes all calls for one grain key through
    /// one gateway, so one key would put every call from a client on one silo; calls take the keys in turn.</summary>
    public const int WorkerKeys = 32;

    private readonly IGrainFactory _grains;
    private readonly int _workerKeys;
    private int _next;

    /// <summary>Initializes a new cluster inspector.</summary>
    /// <param name="grainFactory">The cluster client (<c>IClusterClient</c>) or a silo's grain factory.</param>
    public ClusterInspector(IGrainFactory grainFactory)
        : this(grainFactory, WorkerKeys)
    {
    }

    /// <summary>Initializes a cluster inspector that spreads its calls over <paramref name="workerKeys"/> keys (tests put every call
    /// on one key, so that one silo runs several activations of it).</summary>
    internal ClusterInspector(IGrainFactory grainFactory, int workerKeys)
    {
        ArgumentNullException.ThrowIfNull(grainFactory);
        ArgumentOutOfRangeException.ThrowIfLessThan(workerKeys, 1);
        _grains = grainFactory;
        _workerKeys = workerKeys;
    }

    /// <summary>Inspects one request on the cluster.</summary>
    /// <param name="request">The request: a profile name and exactly one of image bytes and image path.</param>
    /// <param name="cancellationToken">Cancels the call and, on the silo, the inspection.</param>
    /// <returns>The verdict, with the same score, decision, thresholds and regions as a local inspection of the image with the profile.</returns>
    /// <exception cref="ArgumentException">The profile name is not a profile name, or the request sets neither or both of image and path.</exception>
    public async Task<InspectionVerdict> InspectAsync(InspectionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ProfileNames.Validate(request.ProfileName, nameof(request));
        if ((request.Image is null) == (request.ImagePath is null))
        {
            throw new ArgumentException("Set exactly one of InspectionRequest.Image and InspectionRequest.ImagePath.", nameof(request));
        }

        cancellationToken.ThrowIfCancellationRequested();
        long key = (uint)Interlocked.Increment(ref _next) % (uint)_workerKeys;
        IInspectionGrain worker = _grains.GetGrain<IInspectionGrain>(key);
        Guid callId = Guid.NewGuid();
        InspectionReply reply;

        // Orleans sends the token's cancellation to the worker key, which may reach another activation on the silo than the one running
        // the call (MaxLocalWorkers > 1); the call's id, sent to the same key, reaches the same silo and cancels it from any activation.
        using (cancellationToken.Register(static state => _ = CancelOnSiloAsync((CallOnSilo)state!), new CallOnSilo(worker, callId)))
        {
            reply = await worker.InspectAsync(request, callId, cancellationToken).ConfigureAwait(false);
        }

        return reply.Verdict ?? throw reply.ToException();
    }

    /// <summary>Inspects an encoded image (the bytes of a PNG, JPEG, BMP or TIFF file) with a profile.</summary>
    /// <param name="profileName">The profile's name.</param>
    /// <param name="image">The encoded image; sent as is (copied only when it is not a whole array).</param>
    /// <param name="name">A name for the image in the verdict and errors, or null.</param>
    /// <param name="cancellationToken">Cancels the call and the inspection.</param>
    /// <returns>The verdict.</returns>
    public Task<InspectionVerdict> InspectAsync(string profileName, ReadOnlyMemory<byte> image, string? name = null, CancellationToken cancellationToken = default)
    {
        byte[] bytes = MemoryMarshal.TryGetArray(image, out ArraySegment<byte> segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : image.ToArray();
        return InspectAsync(new InspectionRequest { ProfileName = profileName, Image = bytes, Name = name }, cancellationToken);
    }

    /// <summary>Inspects an image file that the silos read themselves (shared storage under their
    /// <see cref="CvlmInspectionOptions.ImageDirectory"/>), so that only the path travels.</summary>
    /// <param name="profileName">The profile's name.</param>
    /// <param name="imagePath">The path, relative to the silos' image directory (or absolute, inside it).</param>
    /// <param name="cancellationToken">Cancels the call and the inspection.</param>
    /// <returns>The verdict.</returns>
    public Task<InspectionVerdict> InspectFileAsync(string profileName, string imagePath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(imagePath);
        return InspectAsync(new InspectionRequest { ProfileName = profileName, ImagePath = imagePath, Name = Path.GetFileName(imagePath) }, cancellationToken);
    }

    private static async Task CancelOnSiloAsync(CallOnSilo call)
    {
        try
        {
            await call.Worker.CancelAsync(call.CallId).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException or ObjectDisposedException or InvalidOperationException)
        {
            // Best effort: the client is closing or the silo is gone; Orleans' own cancellation of the call was sent as well.
        }
    }

    private sealed record CallOnSilo(IInspectionGrain Worker, Guid CallId);
}
