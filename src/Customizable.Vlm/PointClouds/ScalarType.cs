namespace Customizable.Vlm.PointClouds;

/// <summary>A binary scalar type of a PLY property or PCD field.</summary>
internal enum ScalarType
{
    Int8,
    UInt8,
    Int16,
    UInt16,
    Int32,
    UInt32,
    Int64,
    UInt64,
    Float32,
    Float64,
}
