using System.Buffers;

namespace Customizable.Vlm.Preprocessing;

/// <summary>
/// An NCHW float tensor whose memory is rented from <see cref="ArrayPool{T}.Shared"/>; disposing it returns the memory to the pool.
/// </summary>
/// <remarks>
/// <para>Do not use <see cref="Memory"/> or <see cref="Span"/> (or anything obtained from them) after <see cref="Dispose"/>: the array
/// may already belong to someone else. Accessing the properties after disposal throws <see cref="ObjectDisposedException"/>.</para>
/// <para>Thread-safety: reading the tensor from several threads is safe; <see cref="Dispose"/> is idempotent and may race safely with
/// itself, but not with readers.</para>
/// </remarks>
public sealed class PooledTensor : IDisposable
{
    private float[]? _array;

    internal PooledTensor(int batchSize, int channels, int height, int width)
    {
        BatchSize = batchSize;
        Channels = channels;
        Height = height;
        Width = width;
        long length = (long)batchSize * channels * height * width;
        if (length > System.Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "The tensor would exceed the largest array size.");
        }

        Length = (int)length;
        _array = ArrayPool<float>.Shared.Rent(Length);
    }

    /// <summary>Gets N, the number of images in the batch.</summary>
    public int BatchSize { get; }

    /// <summary>Gets C, the number of channels (3).</summary>
    public int Channels { get; }

    /// <summary>Gets H, the tensor height in pixels.</summary>
    public int Height { get; }

    /// <summary>Gets W, the tensor width in pixels.</summary>
    public int Width { get; }

    /// <summary>Gets the number of floats, <c>N * C * H * W</c>.</summary>
    public int Length { get; }

    /// <summary>Gets the tensor values in NCHW order, exactly <see cref="Length"/> floats.</summary>
    /// <exception cref="ObjectDisposedException">The tensor was disposed.</exception>
    public Memory<float> Memory => new(Buffer, 0, Length);

    /// <summary>Gets the tensor values in NCHW order, exactly <see cref="Length"/> floats.</summary>
    /// <exception cref="ObjectDisposedException">The tensor was disposed.</exception>
    public Span<float> Span => new(Buffer, 0, Length);

    private float[] Buffer
    {
        get
        {
            float[]? array = Volatile.Read(ref _array);
            ObjectDisposedException.ThrowIf(array is null, this);
            return array;
        }
    }

    /// <summary>Returns the memory to the pool. Calling it more than once has no further effect.</summary>
    public void Dispose()
    {
        float[]? array = Interlocked.Exchange(ref _array, null);
        if (array is not null)
        {
            ArrayPool<float>.Shared.Return(array);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"[{BatchSize}, {Channels}, {Height}, {Width}] float";
}
