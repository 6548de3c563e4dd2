namespace Customizable.Vlm.Preprocessing;

/// <summary>Everything that depends only on the source size: geometry and both axes' filter tables. Immutable.</summary>
internal sealed class ResamplePlan
{
    public ResamplePlan(TensorPreprocessorOptions options, int sourceWidth, int sourceHeight)
    {
        Geometry = PreprocessGeometry.Compute(options, sourceWidth, sourceHeight);
        PreprocessGeometry g = Geometry;
        X = ResampleAxis.Build(sourceWidth, g.ContentWidth, g.ContentX, g.ScaleX, g.OffsetX);
        Y = ResampleAxis.Build(sourceHeight, g.ContentHeight, g.ContentY, g.ScaleY, g.OffsetY);
    }

    public PreprocessGeometry Geometry { get; }

    public ResampleAxis X { get; }

    public ResampleAxis Y { get; }

    public int SourceWidth => Geometry.SourceWidth;

    public int SourceHeight => Geometry.SourceHeight;
}
