using System.Numerics;

namespace Customizable.Vlm.PointClouds;

/// <summary>
/// Renders a <see cref="PointCloudObservation"/> into 2D views (depth and normal shading, or colour) whose
/// <see cref="PointCloudViewProvenance"/> maps every pixel back to the point seen there.
/// </summary>
/// <remarks>
/// <para>Pipeline: read the file (<see cref="PointCloudReader"/>) or take the caller's points; drop non-finite points from the
/// computation (indices stay those of the source); normalise (centre on the mean, scale so the farthest point is at distance 1,
/// optionally rotate onto principal axes); estimate each point's spacing from a voxel grid and, when the cloud has no normals,
/// its normal from the k nearest neighbours; then render each camera of <see cref="PointCloudEncoderOptions.Views"/> with a
/// z-buffer and square splats whose half-size is the local spacing times <see cref="PointCloudEncoderOptions.SplatScale"/>.</para>
/// <para>Views: square RGB frames of <see cref="PointCloudEncoderOptions.ViewSize"/> pixels, channels as in
/// <see cref="PointCloudChannels"/>, labelled by the camera (e.g. <c>+X</c> = seen from the +X side). Each view's
/// <see cref="EncodedView.Slot"/> is its camera index, so a query view is compared with the same camera's reference views.
/// <see cref="PointCloudViewProvenance.PixelToPointIndex"/> holds, per pixel, the index of the point that won the z-test (the
/// nearest splat; ties go to the lower index) or -1; <see cref="PointCloudViewProvenance.CloudToView"/> maps cloud coordinates
/// (row vector, divide by w) to pixel x, y and, for orthographic views, the depth along the viewing direction in normalised
/// units (smaller is nearer), for perspective views 1 / (distance from the camera in normalised units).</para>
/// <para>Thread-safety: concurrent calls are safe; views render in parallel (up to <see cref="PointCloudEncoderOptions.MaxDegreeOfParallelism"/>)
/// from pooled buffers, and cancellation is checked between views. Ownership: each view owns its pixel and index arrays;
/// provenance keeps the cloud's points (the caller's memory for <see cref="PointCloudObservation.FromPoints"/>, which must stay unchanged).</para>
/// </remarks>
public sealed class PointCloudEncoder : IModalityEncoder
{
    private readonly PointCloudEncoderOptions _options;
    private readonly PointCloudReader _reader;
    private readonly IReadOnlyList<ViewCamera> _cameras;

    /// <summary>Initializes a new encoder.</summary>
    /// <param name="options">Options; null for defaults. A copy is kept.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public PointCloudEncoder(PointCloudEncoderOptions? options = null)
    {
        _options = options?.Clone() ?? new PointCloudEncoderOptions();
        _options.Validate();
        _reader = new PointCloudReader(_options.LoadOptions);
        _cameras = ViewCamera.For(_options.Views);
    }

    /// <summary>Gets the number of views each observation is rendered to.</summary>
    public int ViewCount => _cameras.Count;

    /// <summary>Gets the labels of the views, in view order.</summary>
    public IReadOnlyList<string> ViewLabels => _cameras.Select(c => c.Label).ToArray();

    /// <inheritdoc />
    public bool CanEncode(Observation observation) => observation is PointCloudObservation;

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="observation"/> is null.</exception>
    /// <exception cref="NotSupportedException">The observation is not a <see cref="PointCloudObservation"/>.</exception>
    /// <exception cref="InvalidObservationException">The file cannot be read, or the cloud is empty or entirely non-finite.</exception>
    /// <exception cref="InputLimitExceededException">The file exceeds a limit of <see cref="PointCloudEncoderOptions.LoadOptions"/>.</exception>
    public async ValueTask<IReadOnlyList<EncodedView>> EncodeAsync(Observation observation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(observation);
        if (observation is not PointCloudObservation cloudObservation)
        {
            throw new NotSupportedException($"{nameof(PointCloudEncoder)} encodes point-cloud observations, not {observation.Modality}.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (cloudObservation.FilePath is { } path)
        {
            PointCloud cloud = await _reader.ReadAsync(path, PointCloudFormat.Auto, cancellationToken).ConfigureAwait(false);
            return Encode(cloud.Positions, cloud.Normals, cloud.Colors, observation, cancellationToken);
        }

        ReadOnlyMemory<Vector3> points = cloudObservation.Points ?? throw new InvalidObservationException(observation.Name, "The point-cloud observation has no source.", null);
        return Encode(points, null, cloudObservation.Colors, observation, cancellationToken);
    }

    /// <summary>Encodes a reference cloud and, with <see cref="PointCloudEncoderOptions.ReferenceVariants"/> above 0 and at most
    /// <see cref="PointCloudEncoderOptions.ReferenceVariantsUpTo"/> reference clouds, its re-scan-like variants
    /// (<see cref="PointCloudVariants"/>), reading a file once.</summary>
    /// <param name="observation">The reference.</param>
    /// <param name="referenceClouds">How many point-cloud references the customization has.</param>
    /// <param name="cancellationToken">Cancels between views and variants.</param>
    /// <returns>The cloud's views, as <see cref="EncodeAsync"/> gives them, and the variants' views (variant by variant, each in
    /// camera order, slot = camera index; their provenance refers to the variant's own points).</returns>
    internal async ValueTask<(IReadOnlyList<EncodedView> Views, IReadOnlyList<EncodedView> Variants)> EncodeReferenceAsync(Observation observation, int referenceClouds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(observation);
        if (_options.ReferenceVariants == 0 || referenceClouds > _options.ReferenceVariantsUpTo || observation is not PointCloudObservation cloudObservation)
        {
            return (await EncodeAsync(observation, cancellationToken).ConfigureAwait(false), []);
        }

        cancellationToken.ThrowIfCancellationRequested();
        ReadOnlyMemory<Vector3> points;
        ReadOnlyMemory<Vector3>? normals = null;
        ReadOnlyMemory<byte>? colors = cloudObservation.Colors;
        if (cloudObservation.FilePath is { } path)
        {
            PointCloud cloud = await _reader.ReadAsync(path, PointCloudFormat.Auto, cancellationToken).ConfigureAwait(false);
            (points, normals, colors) = (cloud.Positions, cloud.Normals, cloud.Colors);
        }
        else
        {
            points = cloudObservation.Points ?? throw new InvalidObservationException(observation.Name, "The point-cloud observation has no source.", null);
        }

        EncodedView[] views = Encode(points, normals, colors, observation, cancellationToken);
        var variants = new List<EncodedView>(_options.ReferenceVariants * views.Length);
        for (int v = 0; v < _options.ReferenceVariants; v++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            (Vector3[] p, Vector3[]? n, byte[]? c) = PointCloudVariants.Create(points.Span, normals is { } given ? given.Span : default, colors is { } rgb ? rgb.Span : default, v);
            // Null arrays stay null: the implicit conversion would turn them into empty (not absent) normals and colours.
            variants.AddRange(Encode(p, n is null ? (ReadOnlyMemory<Vector3>?)null : n, c is null ? (ReadOnlyMemory<byte>?)null : c, observation, cancellationToken));
        }

        return (views, variants);
    }

    /// <summary>Renders a cloud already read (its own normals and colours are used).</summary>
    /// <param name="cloud">The cloud.</param>
    /// <param name="source">The observation to name as the views' source, or null.</param>
    /// <param name="cancellationToken">Cancels between views.</param>
    /// <returns>One view per camera, in camera order; point indices refer to <see cref="PointCloud.Positions"/>.</returns>
    public IReadOnlyList<EncodedView> Encode(PointCloud cloud, Observation? source = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        return Encode(cloud.Positions, cloud.Normals, cloud.Colors, source, cancellationToken);
    }

    private EncodedView[] Encode(ReadOnlyMemory<Vector3> points, ReadOnlyMemory<Vector3>? normals, ReadOnlyMemory<byte>? colors, Observation? source, CancellationToken cancellationToken)
    {
        using PreparedCloud prepared = PreparedCloud.Create(points, normals, colors, _options, source?.Name, cancellationToken);
        var views = new EncodedView[_cameras.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism, CancellationToken = cancellationToken };
        Parallel.For(0, _cameras.Count, parallel, v => views[v] = PointCloudRenderer.Render(prepared, _cameras[v], _options, source, v));
        return views;
    }
}
