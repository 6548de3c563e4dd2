namespace Customizable.Vlm.Tests.PointClouds;

/// <summary>What <see cref="TiffFiles.Write"/> writes: size, byte order, strip or tile layout, sample type and deliberate lies.</summary>
public sealed record TiffSpec
{
    public int Width { get; init; } = 4;

    public int Height { get; init; } = 3;

    public bool BigEndian { get; init; }

    /// <summary>Rows per strip; 0 writes one strip.</summary>
    public int RowsPerStrip { get; init; }

    /// <summary>Square tile side; 0 writes strips.</summary>
    public int TileSize { get; init; }

    public int Samples { get; init; } = 3;

    public int Bits { get; init; } = 32;

    public uint SampleFormat { get; init; } = 3;

    public uint Compression { get; init; } = 1;

    /// <summary>A width written into the header instead of the real one.</summary>
    public int? DeclaredWidth { get; init; }

    /// <summary>A height written into the header instead of the real one.</summary>
    public int? DeclaredHeight { get; init; }

    /// <summary>Writes the image directory before the pixels (as tifffile does) instead of after them.</summary>
    public bool DirectoryFirst { get; init; }

    /// <summary>Added to the last strip's or tile's declared byte count.</summary>
    public int ByteCountDelta { get; init; }
}
