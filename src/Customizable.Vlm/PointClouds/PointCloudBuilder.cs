using System.Numerics;

namespace Customizable.Vlm.PointClouds;

/// <summary>Accumulates points while a parser walks a source: drops and counts non-finite ones, keeps record numbers.</summary>
/// <remarks>Not thread-safe; one per read. The capacity was checked against the limits before construction.</remarks>
internal sealed class PointCloudBuilder
{
    private readonly string? _name;
    private Vector3[] _positions;
    private byte[]? _colors;
    private Vector3[]? _normals;
    private int[]? _sourceIndices;
    private int _count;
    private int _record;
    private long _dropped;

    public PointCloudBuilder(string? name, int capacity, bool colors, bool normals)
    {
        _name = name;
        capacity = Math.Max(capacity, 1);
        _positions = new Vector3[capacity];
        _colors = colors ? new byte[capacity * 3] : null;
        _normals = normals ? new Vector3[capacity] : null;
    }

    public int Records => _record;

    /// <summary>Adds one source record. Colour channels are 0-255 (clamped); the normal is ignored without a normal buffer.</summary>
    public void Add(double x, double y, double z, float r = 0, float g = 0, float b = 0, Vector3 normal = default)
    {
        int record = _record++;
        var p = new Vector3((float)x, (float)y, (float)z);
        if (!float.IsFinite(p.X) || !float.IsFinite(p.Y) || !float.IsFinite(p.Z))
        {
            _dropped++;
            if (_sourceIndices is null)
            {
                _sourceIndices = new int[_positions.Length];
                for (int i = 0; i < _count; i++)
                {
                    _sourceIndices[i] = i;
                }
            }

            return;
        }

        if (_count == _positions.Length)
        {
            Grow();
        }

        _positions[_count] = p;
        if (_colors is not null)
        {
            int c = _count * 3;
            _colors[c] = ToByte(r);
            _colors[c + 1] = ToByte(g);
            _colors[c + 2] = ToByte(b);
        }

        if (_normals is not null)
        {
            _normals[_count] = normal;
        }

        if (_sourceIndices is not null)
        {
            _sourceIndices[_count] = record;
        }

        _count++;
    }

    public PointCloud Build(int organizedWidth = 0, int organizedHeight = 0)
    {
        if (_count == 0)
        {
            throw new InvalidObservationException(_name, _dropped > 0 ? $"Every one of the {_dropped} points has a NaN or infinite coordinate." : "The cloud has no points.", null);
        }

        return new PointCloud(
            Trim(_positions, _count),
            _colors is null ? null : Trim(_colors, _count * 3),
            _normals is null ? null : Trim(_normals, _count),
            _name,
            organizedWidth,
            organizedHeight,
            _dropped,
            _sourceIndices is null ? null : Trim(_sourceIndices, _count));
    }

    private static T[] Trim<T>(T[] array, int length) => array.Length == length ? array : array.AsSpan(0, length).ToArray();

    private static byte ToByte(float v) => v >= 255f ? (byte)255 : v > 0f ? (byte)(v + 0.5f) : (byte)0;

    private void Grow()
    {
        int size = (int)Math.Min(Array.MaxLength / 4L, _positions.Length * 2L);
        if (size <= _positions.Length)
        {
            throw new InputLimitExceededException(_name, "points", _positions.Length + 1L, _positions.Length);
        }

        Array.Resize(ref _positions, size);
        if (_colors is not null)
        {
            Array.Resize(ref _colors, size * 3);
        }

        if (_normals is not null)
        {
            Array.Resize(ref _normals, size);
        }

        if (_sourceIndices is not null)
        {
            Array.Resize(ref _sourceIndices, size);
        }
    }
}
