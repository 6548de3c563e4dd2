namespace Customizable.Vlm.PointClouds;

/// <summary>One property of a PLY element: a scalar, or a list with its count type.</summary>
internal sealed record PlyProperty(string Name, ScalarType Type, bool IsList, ScalarType CountType);
