using System.Buffers;
using System.Runtime.Intrinsics;

namespace Customizable.Vlm.Preprocessing;

/// <summary>
/// Turns a <see cref="RawFrame"/> into a normalised NCHW float tensor (N = 1 per frame, C = 3 colour planes, H x W pixels):
/// antialiased triangle-filter resize (optionally with centre crop or letterbox), channel reordering and
/// <c>(v * Scale - Mean) / Std</c> normalisation, in one pass.
/// </summary>
/// <remarks>
/// <para>Resampling: separable triangle (linear) filter evaluated at pixel centres,
/// <c>sourceX = (x + 0.5) * scale - 0.5</c> (see <see cref="PreprocessGeometry"/>). When downscaling by a factor <c>s &gt; 1</c> the
/// filter's support is widened to <c>s</c> source pixels on each side (antialiasing, like PIL's and ImageSharp's triangle
/// resampling); when upscaling it is plain bilinear interpolation. Samples outside the image are dropped and the weights
/// renormalised. Crops are done in the resampling geometry: only the output pixels are computed.</para>
/// <para>Input: every <see cref="PixelFormat"/>, any stride. Gray8 is replicated to the three channels; alpha is ignored.</para>
/// <para>Performance: filter tables are computed once per source size and cached (the last 8 sizes). With
/// <see cref="TensorPreprocessorOptions.MaxDegreeOfParallelism"/> = 1, <see cref="Preprocess"/> and <see cref="PreprocessBatch"/>
/// allocate nothing after the first call for a source size: scratch memory is rented from <see cref="ArrayPool{T}.Shared"/>.</para>
/// <para>Thread-safety: an instance is immutable apart from its lock-free table cache, so any number of threads may call any member
/// concurrently on one instance. Calls do not take locks; concurrent calls share nothing mutable except the cache and the shared
/// array pool.</para>
/// </remarks>
public sealed class TensorPreprocessor
{
    /// <summary>The number of colour planes in the tensor.</summary>
    public const int Channels = 3;

    private const int MinRowsPerBand = 8;

    private readonly TensorPreprocessorOptions _options;
    private readonly ResamplePlanCache _cache;
    private readonly bool _simd;

    /// <summary>Initializes a new preprocessor.</summary>
    /// <param name="options">The settings; a validated copy is kept.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range (see <see cref="TensorPreprocessorOptions.Validate"/>).</exception>
    public TensorPreprocessor(TensorPreprocessorOptions options)
        : this(options, simd: true)
    {
    }

    internal TensorPreprocessor(TensorPreprocessorOptions options, bool simd)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Clone();
        _options.Validate();
        _cache = new ResamplePlanCache(_options);
        _simd = simd;
    }

    /// <summary>Gets a copy of the settings in use.</summary>
    public TensorPreprocessorOptions Options => _options.Clone();

    /// <summary>Gets the tensor width W in pixels.</summary>
    public int Width => _options.TargetWidth;

    /// <summary>Gets the tensor height H in pixels.</summary>
    public int Height => _options.TargetHeight;

    /// <summary>Gets the number of floats of one image's tensor, <c>3 * H * W</c>.</summary>
    public int TensorLength => Channels * _options.TargetWidth * _options.TargetHeight;

    /// <summary>Gets how the tensor pixels map to a source image of the given size; see <see cref="PreprocessGeometry"/> for the formula.</summary>
    /// <param name="sourceWidth">Source width in pixels, at least 1.</param>
    /// <param name="sourceHeight">Source height in pixels, at least 1.</param>
    /// <returns>The mapping.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A size is less than 1.</exception>
    public PreprocessGeometry GetGeometry(int sourceWidth, int sourceHeight)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sourceWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sourceHeight, 1);
        return _cache.Get(sourceWidth, sourceHeight).Geometry;
    }

    /// <summary>Gets the number of floats of a batch tensor, <c>batchSize * 3 * H * W</c>.</summary>
    /// <param name="batchSize">The number of images, at least 0.</param>
    /// <returns>The length.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The batch size is negative or the length exceeds <see cref="int.MaxValue"/>.</exception>
    public int GetBatchTensorLength(int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batchSize);
        long length = (long)batchSize * TensorLength;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, int.MaxValue, nameof(batchSize));
        return (int)length;
    }

    /// <summary>Writes the tensor of one frame, shape [3, H, W] in planar (CHW) order, to <paramref name="destination"/>.</summary>
    /// <param name="frame">The source image.</param>
    /// <param name="destination">At least <see cref="TensorLength"/> floats; only the first <see cref="TensorLength"/> are written.</param>
    /// <exception cref="ArgumentNullException"><paramref name="frame"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="TensorLength"/>.</exception>
    public void Preprocess(RawFrame frame, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(frame);
        int length = TensorLength;
        if (destination.Length < length)
        {
            throw new ArgumentException($"The destination holds {destination.Length} floats but one tensor needs 3 * {Height} * {Width} = {length}.", nameof(destination));
        }

        Run(frame, destination[..length]);
    }

    /// <summary>Writes the tensors of several frames, shape [N, 3, H, W], to <paramref name="destination"/>; image i starts at
    /// <c>i * TensorLength</c>. The frames may have different sizes and formats.</summary>
    /// <param name="frames">The source images.</param>
    /// <param name="destination">At least <c>frames.Count * TensorLength</c> floats.</param>
    /// <exception cref="ArgumentNullException"><paramref name="frames"/> or one of its items is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    public void PreprocessBatch(IReadOnlyList<RawFrame> frames, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(frames);
        int count = frames.Count;
        long needed = (long)count * TensorLength;
        if (destination.Length < needed)
        {
            throw new ArgumentException($"The destination holds {destination.Length} floats but {count} tensors need {needed}.", nameof(destination));
        }

        for (int i = 0; i < count; i++)
        {
            if (frames[i] is null)
            {
                throw new ArgumentNullException(nameof(frames), $"Frame {i} is null.");
            }
        }

        int length = TensorLength;
        for (int i = 0; i < count; i++)
        {
            Run(frames[i], destination.Slice(i * length, length));
        }
    }

    /// <summary>Produces the tensor of one frame, shape [1, 3, H, W], in pooled memory.</summary>
    /// <param name="frame">The source image.</param>
    /// <returns>The tensor; dispose it to return its memory to the pool.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="frame"/> is <see langword="null"/>.</exception>
    public PooledTensor PreprocessPooled(RawFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var tensor = new PooledTensor(1, Channels, Height, Width);
        try
        {
            Run(frame, tensor.Span);
            return tensor;
        }
        catch
        {
            tensor.Dispose();
            throw;
        }
    }

    /// <summary>Produces the tensor of several frames, shape [N, 3, H, W], in pooled memory.</summary>
    /// <param name="frames">The source images.</param>
    /// <returns>The tensor; dispose it to return its memory to the pool.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="frames"/> or one of its items is <see langword="null"/>.</exception>
    public PooledTensor PreprocessBatchPooled(IReadOnlyList<RawFrame> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var tensor = new PooledTensor(frames.Count, Channels, Height, Width);
        try
        {
            PreprocessBatch(frames, tensor.Span);
            return tensor;
        }
        catch
        {
            tensor.Dispose();
            throw;
        }
    }

    private unsafe void Run(RawFrame frame, Span<float> destination)
    {
        ResamplePlan plan = _cache.Get(frame.Width, frame.Height);
        PreprocessGeometry g = plan.Geometry;
        int planeSize = Width * Height;

        // Per RGB channel: output = v * mul + add, with v on the 0..255 scale.
        TensorPreprocessorOptions o = _options;
        float mulR = o.Scale / o.Std.R, mulG = o.Scale / o.Std.G, mulB = o.Scale / o.Std.B;
        float addR = -o.Mean.R / o.Std.R, addG = -o.Mean.G / o.Std.G, addB = -o.Mean.B / o.Std.B;
        bool bgrOut = o.ChannelOrder == TensorChannelOrder.Bgr;

        // Plane index of each RGB channel.
        int planeR = bgrOut ? 2 : 0;
        int planeB = bgrOut ? 0 : 2;

        if (g.ContentWidth != Width || g.ContentHeight != Height)
        {
            FillPlane(destination.Slice(planeR * planeSize, planeSize), (o.PadValue.R * mulR) + addR);
            FillPlane(destination.Slice(planeSize, planeSize), (o.PadValue.G * mulG) + addG);
            FillPlane(destination.Slice(planeB * planeSize, planeSize), (o.PadValue.B * mulB) + addB);
        }

        int bpp = frame.BytesPerPixel;
        bool bgrIn = frame.Format is PixelFormat.Bgr24 or PixelFormat.Bgra32;

        // Lane l of the source pixel goes to plane laneN with coefficients (mul[l], add[l]).
        int lane0, lane2;
        Vector128<float> mul, add;
        if (frame.Format == PixelFormat.Gray8)
        {
            // For gray, "lanes" are simply planes 0, 1, 2.
            lane0 = 0;
            lane2 = 2;
            mul = bgrOut ? Vector128.Create(mulB, mulG, mulR, 0f) : Vector128.Create(mulR, mulG, mulB, 0f);
            add = bgrOut ? Vector128.Create(addB, addG, addR, 0f) : Vector128.Create(addR, addG, addB, 0f);
        }
        else if (bgrIn)
        {
            lane0 = planeB;
            lane2 = planeR;
            mul = Vector128.Create(mulB, mulG, mulR, 0f);
            add = Vector128.Create(addB, addG, addR, 0f);
        }
        else
        {
            lane0 = planeR;
            lane2 = planeB;
            mul = Vector128.Create(mulR, mulG, mulB, 0f);
            add = Vector128.Create(addR, addG, addB, 0f);
        }

        ResampleAxis xAxis = plan.X;
        ResampleAxis yAxis = plan.Y;
        int rowFloats = (xAxis.End - xAxis.First) * bpp;
        int rows = yAxis.Length;
        int bands = Math.Min(o.MaxDegreeOfParallelism, Math.Max(1, rows / MinRowsPerBand));

        fixed (byte* source = frame.Pixels.Span)
        fixed (float* tensor = destination)
        {
            var job = new Job
            {
                Source = source + (xAxis.First * bpp),
                Stride = frame.Stride,
                Channels = bpp,
                RowFloats = rowFloats,
                X = xAxis,
                Y = yAxis,
                Plane0 = tensor + (lane0 * planeSize) + (g.ContentY * Width) + g.ContentX,
                Plane1 = tensor + planeSize + (g.ContentY * Width) + g.ContentX,
                Plane2 = tensor + (lane2 * planeSize) + (g.ContentY * Width) + g.ContentX,
                TensorWidth = Width,
                Mul = mul,
                Add = add,
                Simd = _simd,
            };

            if (bands <= 1)
            {
                job.Rows(0, rows);
            }
            else
            {
                RunParallel(job, rows, bands);
            }
        }
    }

    private static void RunParallel(Job job, int rows, int bands)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = bands };
        Parallel.For(0, bands, options, band =>
        {
            int from = (int)((long)rows * band / bands);
            int to = (int)((long)rows * (band + 1) / bands);
            job.Rows(from, to);
        });
    }

    private static void FillPlane(Span<float> plane, float value) => plane.Fill(value);

    /// <summary>The per-call state of the row loop; a struct holding raw pointers into pinned memory.</summary>
    private unsafe struct Job
    {
        public byte* Source;
        public nint Stride;
        public int Channels;
        public int RowFloats;
        public ResampleAxis X;
        public ResampleAxis Y;
        public float* Plane0;
        public float* Plane1;
        public float* Plane2;
        public int TensorWidth;
        public Vector128<float> Mul;
        public Vector128<float> Add;
        public bool Simd;

        public readonly void Rows(int from, int to)
        {
            // One extra float after the row so the 4-wide loads of the last 3-channel pixel stay inside the buffer.
            float[] buffer = ArrayPool<float>.Shared.Rent(RowFloats + 4);
            try
            {
                fixed (float* row = buffer)
                fixed (float* yWeights = Y.Weights)
                {
                    new Span<float>(row + RowFloats, 4).Clear();
                    int[] starts = Y.Start;
                    int[] counts = Y.Count;
                    for (int r = from; r < to; r++)
                    {
                        ResampleKernels.Vertical(Source, Stride, starts[r], counts[r], yWeights + (r * Y.MaxTaps), RowFloats, row, Simd);
                        nint offset = (nint)r * TensorWidth;
                        if (Channels == 1)
                        {
                            ResampleKernels.HorizontalGray(row, X, Plane0 + offset, Plane1 + offset, Plane2 + offset, Mul, Add);
                        }
                        else
                        {
                            ResampleKernels.Horizontal(row, Channels, X, Plane0 + offset, Plane1 + offset, Plane2 + offset, Mul, Add, Simd);
                        }
                    }
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(buffer);
            }
        }
    }
}
