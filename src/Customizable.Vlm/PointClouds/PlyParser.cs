using System.Globalization;
using System.Numerics;
using System.Text;

namespace Customizable.Vlm.PointClouds;

/// <summary>Reads PLY (ascii, binary little and big endian) vertices, with colours and normals when present.</summary>
/// <remarks>Stateless; every check is made against the bytes actually present before anything of the declared size is allocated.</remarks>
internal static class PlyParser
{
    private const int MaxHeaderBytes = 1 << 20;

    public static PointCloud Parse(ReadOnlySpan<byte> data, string? name, PointCloudLoadOptions options)
    {
        var cursor = new TextCursor(data);
        string magic = Ascii(cursor.NextLine()).Trim();
        if (magic != "ply")
        {
            throw Error(name, "The file does not start with the 'ply' magic line.");
        }

        string? format = null;
        var elements = new List<PlyElement>();
        bool ended = false;
        while (!cursor.AtEnd)
        {
            if (cursor.Position > MaxHeaderBytes)
            {
                throw Error(name, $"The PLY header is longer than {MaxHeaderBytes} bytes.");
            }

            string line = Ascii(cursor.NextLine()).Trim();
            string[] words = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0 || words[0] is "comment" or "obj_info")
            {
                continue;
            }

            if (words[0] == "end_header")
            {
                ended = true;
                break;
            }

            switch (words[0])
            {
                case "format":
                    if (words.Length < 2 || words[1] is not ("ascii" or "binary_little_endian" or "binary_big_endian"))
                    {
                        throw Error(name, $"Unknown PLY format line '{Clip(line)}'.");
                    }

                    format = words[1];
                    break;
                case "element":
                    if (words.Length != 3 || !long.TryParse(words[2], NumberStyles.None, CultureInfo.InvariantCulture, out long count))
                    {
                        throw Error(name, $"Invalid element line '{Clip(line)}': the count must be a non-negative integer.");
                    }

                    elements.Add(new PlyElement(words[1], count));
                    break;
                case "property":
                    if (elements.Count == 0)
                    {
                        throw Error(name, $"Property line '{Clip(line)}' before any element.");
                    }

                    elements[^1].Properties.Add(ParseProperty(words, line, name, elements[^1].Name));
                    break;
                default:
                    throw Error(name, $"Unknown PLY header line '{Clip(line)}'.");
            }
        }

        if (!ended)
        {
            throw Error(name, "The PLY header has no 'end_header' line.");
        }

        if (format is null)
        {
            throw Error(name, "The PLY header has no 'format' line.");
        }

        PlyElement vertex = elements.Find(e => e.Name == "vertex") ?? throw Error(name, "The PLY file declares no 'vertex' element.");
        int ix = vertex.IndexOf("x"), iy = vertex.IndexOf("y"), iz = vertex.IndexOf("z");
        if (ix < 0 || iy < 0 || iz < 0)
        {
            throw Error(name, "Element 'vertex' has no scalar x, y and z properties.");
        }

        if (vertex.Count == 0)
        {
            throw Error(name, "Element 'vertex' declares 0 points: the cloud is empty.");
        }

        if (vertex.Count > options.MaxPoints)
        {
            throw new InputLimitExceededException(name, nameof(PointCloudLoadOptions.MaxPoints), vertex.Count, options.MaxPoints);
        }

        var layout = new VertexLayout(vertex, ix, iy, iz);
        int body = cursor.Position;
        ReadOnlySpan<byte> rest = data[body..];
        bool ascii = format == "ascii";
        long minBytes = 0;
        foreach (PlyElement element in elements)
        {
            // A binary item needs at least its fixed bytes; an ascii item at least one character and a separator per scalar.
            long perItem = ascii ? 2L * element.Properties.Count : element.MinItemBytes;
            minBytes += element.Count * perItem;
            if (element.Count > 0 && perItem == 0)
            {
                throw Error(name, $"Element '{element.Name}' declares {element.Count} items but no properties.");
            }

            if (minBytes > rest.Length)
            {
                throw Error(name, $"Element '{element.Name}' declares {element.Count:N0} items, more than the {rest.Length:N0} bytes of the body can hold.");
            }
        }

        var builder = new PointCloudBuilder(name, (int)vertex.Count, layout.HasColor, layout.HasNormal);
        if (ascii)
        {
            ReadAscii(new TextCursor(data, body), elements, vertex, layout, builder, name);
        }
        else
        {
            ReadBinary(rest, elements, vertex, layout, builder, name, format == "binary_big_endian");
        }

        return builder.Build();
    }

    private static PlyProperty ParseProperty(string[] words, string line, string? name, string element)
    {
        if (words.Length == 3 && ScalarTypes.TryParsePly(words[1], out ScalarType type))
        {
            return new PlyProperty(words[2], type, false, default);
        }

        if (words.Length == 5 && words[1] == "list" && ScalarTypes.TryParsePly(words[2], out ScalarType countType)
            && ScalarTypes.TryParsePly(words[3], out ScalarType itemType)
            && countType is not (ScalarType.Float32 or ScalarType.Float64))
        {
            return new PlyProperty(words[4], itemType, true, countType);
        }

        throw Error(name, $"Element '{element}': unknown property type in '{Clip(line)}'.");
    }

    private static void ReadBinary(ReadOnlySpan<byte> body, List<PlyElement> elements, PlyElement vertex, VertexLayout layout, PointCloudBuilder builder, string? name, bool bigEndian)
    {
        int position = 0;
        double[] row = new double[vertex.Properties.Count];
        foreach (PlyElement element in elements)
        {
            bool isVertex = ReferenceEquals(element, vertex);
            if (!element.HasLists && !isVertex)
            {
                long bytes = element.Count * element.MinItemBytes;
                if (bytes > body.Length - position)
                {
                    throw Truncated(name, element.Name);
                }

                position += (int)bytes;
                continue;
            }

            for (long item = 0; item < element.Count; item++)
            {
                for (int p = 0; p < element.Properties.Count; p++)
                {
                    PlyProperty property = element.Properties[p];
                    if (property.IsList)
                    {
                        int countSize = ScalarTypes.Size(property.CountType);
                        if (countSize > body.Length - position)
                        {
                            throw Truncated(name, element.Name);
                        }

                        double n = ScalarTypes.Read(body[position..], property.CountType, bigEndian);
                        position += countSize;
                        long skip = (long)n * ScalarTypes.Size(property.Type);
                        if (n < 0 || skip > body.Length - position)
                        {
                            throw Error(name, $"Element '{element.Name}' item {item}: list '{property.Name}' of {n} entries runs past the end of the data.");
                        }

                        position += (int)skip;
                        continue;
                    }

                    int size = ScalarTypes.Size(property.Type);
                    if (size > body.Length - position)
                    {
                        throw Truncated(name, element.Name);
                    }

                    if (isVertex)
                    {
                        row[p] = ScalarTypes.Read(body[position..], property.Type, bigEndian);
                    }

                    position += size;
                }

                if (isVertex)
                {
                    layout.Add(builder, row);
                }
            }
        }
    }

    private static void ReadAscii(TextCursor cursor, List<PlyElement> elements, PlyElement vertex, VertexLayout layout, PointCloudBuilder builder, string? name)
    {
        double[] row = new double[vertex.Properties.Count];
        foreach (PlyElement element in elements)
        {
            bool isVertex = ReferenceEquals(element, vertex);
            for (long item = 0; item < element.Count; item++)
            {
                for (int p = 0; p < element.Properties.Count; p++)
                {
                    PlyProperty property = element.Properties[p];
                    ReadOnlySpan<byte> token = cursor.NextToken();
                    if (token.IsEmpty)
                    {
                        throw Truncated(name, element.Name);
                    }

                    double value = TextCursor.ParseNumber(token, name, $"element '{element.Name}'");
                    if (property.IsList)
                    {
                        if (value < 0 || value > cursor.Remaining)
                        {
                            throw Error(name, $"Element '{element.Name}' item {item}: list '{property.Name}' of {value} entries runs past the end of the data.");
                        }

                        for (int k = 0; k < (int)value; k++)
                        {
                            if (cursor.NextToken().IsEmpty)
                            {
                                throw Truncated(name, element.Name);
                            }
                        }
                    }
                    else if (isVertex)
                    {
                        row[p] = value;
                    }
                }

                if (isVertex)
                {
                    layout.Add(builder, row);
                }
            }
        }
    }

    private static InvalidObservationException Truncated(string? name, string element) =>
        Error(name, $"The data ends inside element '{element}': the header declares more items than are present.");

    private static InvalidObservationException Error(string? name, string reason) => new(name, reason, null);

    private static string Ascii(ReadOnlySpan<byte> bytes) => Encoding.ASCII.GetString(bytes[..Math.Min(bytes.Length, 4096)]);

    private static string Clip(string line) => line.Length <= 80 ? line : line[..80] + "...";

    /// <summary>Where x, y, z, colours and normals sit in a vertex row.</summary>
    private sealed class VertexLayout
    {
        private readonly int _x, _y, _z, _r, _g, _b, _nx, _ny, _nz;
        private readonly float _colorScale;

        public VertexLayout(PlyElement vertex, int x, int y, int z)
        {
            (_x, _y, _z) = (x, y, z);
            _r = vertex.IndexOf("red", "diffuse_red", "r");
            _g = vertex.IndexOf("green", "diffuse_green", "g");
            _b = vertex.IndexOf("blue", "diffuse_blue", "b");
            _nx = vertex.IndexOf("nx", "normal_x");
            _ny = vertex.IndexOf("ny", "normal_y");
            _nz = vertex.IndexOf("nz", "normal_z");
            HasColor = _r >= 0 && _g >= 0 && _b >= 0;
            HasNormal = _nx >= 0 && _ny >= 0 && _nz >= 0;
            _colorScale = HasColor ? ScalarTypes.ColorScale(vertex.Properties[_r].Type) : 1f;
        }

        public bool HasColor { get; }

        public bool HasNormal { get; }

        public void Add(PointCloudBuilder builder, double[] row)
        {
            float r = 0, g = 0, b = 0;
            if (HasColor)
            {
                r = (float)row[_r] * _colorScale;
                g = (float)row[_g] * _colorScale;
                b = (float)row[_b] * _colorScale;
            }

            Vector3 n = HasNormal ? new Vector3((float)row[_nx], (float)row[_ny], (float)row[_nz]) : default;
            builder.Add(row[_x], row[_y], row[_z], r, g, b, n);
        }
    }
}
