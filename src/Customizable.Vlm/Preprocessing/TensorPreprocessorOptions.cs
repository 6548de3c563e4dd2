namespace Customizable.Vlm.Preprocessing;

/// <summary>Settings of a <see cref="TensorPreprocessor"/>: target size, fitting mode, channel order and normalisation.</summary>
/// <remarks>
/// <para>Each output value is <c>(v * Scale - Mean[c]) / Std[c]</c>, where <c>v</c> is the resampled source value on the
/// 0..255 byte scale and <c>c</c> is the value's colour channel. <see cref="Mean"/>, <see cref="Std"/> and <see cref="PadValue"/>
/// are always given in red, green, blue order, independently of <see cref="ChannelOrder"/> and of the input pixel format.</para>
/// <para>Typical ImageNet settings: <c>Scale = 1/255f</c>, <c>Mean = (0.485, 0.456, 0.406)</c>, <c>Std = (0.229, 0.224, 0.225)</c>.</para>
/// <para>Thread-safety: an options object is a plain mutable settings bag and is not thread-safe. A <see cref="TensorPreprocessor"/>
/// takes a validated copy when it is constructed, so later changes to this object do not affect it.</para>
/// </remarks>
public sealed class TensorPreprocessorOptions
{
    /// <summary>The largest accepted target side, in pixels.</summary>
    public const int MaxTargetSide = 16384;

    /// <summary>Gets or sets the tensor width W in pixels, 1..<see cref="MaxTargetSide"/>. Default 224.</summary>
    public int TargetWidth { get; set; } = 224;

    /// <summary>Gets or sets the tensor height H in pixels, 1..<see cref="MaxTargetSide"/>. Default 224.</summary>
    public int TargetHeight { get; set; } = 224;

    /// <summary>Gets or sets how the source is fitted into the target size. Default <see cref="TensorResizeMode.Stretch"/>.</summary>
    public TensorResizeMode ResizeMode { get; set; } = TensorResizeMode.Stretch;

    /// <summary>
    /// Gets or sets, for <see cref="TensorResizeMode.ShorterSideThenCenterCrop"/>, the length in pixels that the shorter source side is
    /// resized to before the centre crop (for example 256 for a 224 crop). Must be at least <c>max(TargetWidth, TargetHeight)</c> and at
    /// most <see cref="MaxTargetSide"/> in that mode; ignored otherwise. Default 256.
    /// </summary>
    public int ResizeShorterSide { get; set; } = 256;

    /// <summary>Gets or sets the order of the colour planes in the tensor. Default <see cref="TensorChannelOrder.Rgb"/>.</summary>
    public TensorChannelOrder ChannelOrder { get; set; } = TensorChannelOrder.Rgb;

    /// <summary>Gets or sets the factor applied to a resampled value on the 0..255 byte scale before the mean is subtracted, for example
    /// <c>1/255f</c> (values in 0..1) or <c>1f</c> (values in 0..255). Must be finite. Default <c>1/255f</c>.</summary>
    public float Scale { get; set; } = 1f / 255f;

    /// <summary>Gets or sets the per-channel mean (red, green, blue order) subtracted after scaling, in scaled units. Must be finite.
    /// Default (0, 0, 0).</summary>
    public RgbTriple Mean { get; set; } = RgbTriple.All(0f);

    /// <summary>Gets or sets the per-channel standard deviation (red, green, blue order) the centred value is divided by, in scaled
    /// units. Each must be finite and strictly positive. Default (1, 1, 1).</summary>
    public RgbTriple Std { get; set; } = RgbTriple.All(1f);

    /// <summary>Gets or sets, for <see cref="TensorResizeMode.Letterbox"/>, the colour of the padding in input pixel units 0..255 (red,
    /// green, blue order). It is normalised like any pixel. Default (0, 0, 0).</summary>
    public RgbTriple PadValue { get; set; } = RgbTriple.All(0f);

    /// <summary>
    /// Gets or sets the number of threads one call may use, at least 1. Default 1: all work runs on the caller's thread and a call
    /// allocates nothing after warm-up. Values above 1 split the output rows into bands processed with
    /// <see cref="Parallel.For(int, int, ParallelOptions, Action{int})"/>, which allocates a few small objects per call.
    /// </summary>
    public int MaxDegreeOfParallelism { get; set; } = 1;

    /// <summary>Creates an independent copy of these options.</summary>
    /// <returns>The copy.</returns>
    public TensorPreprocessorOptions Clone() => (TensorPreprocessorOptions)MemberwiseClone();

    /// <summary>Checks that every setting is in range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range; the parameter name is the property's name.</exception>
    public void Validate()
    {
        CheckSide(TargetWidth, nameof(TargetWidth));
        CheckSide(TargetHeight, nameof(TargetHeight));
        if (!Enum.IsDefined(ResizeMode))
        {
            throw new ArgumentOutOfRangeException(nameof(ResizeMode), ResizeMode, "Unknown resize mode.");
        }

        if (!Enum.IsDefined(ChannelOrder))
        {
            throw new ArgumentOutOfRangeException(nameof(ChannelOrder), ChannelOrder, "Unknown channel order.");
        }

        if (ResizeMode == TensorResizeMode.ShorterSideThenCenterCrop)
        {
            CheckSide(ResizeShorterSide, nameof(ResizeShorterSide));
            if (ResizeShorterSide < Math.Max(TargetWidth, TargetHeight))
            {
                throw new ArgumentOutOfRangeException(nameof(ResizeShorterSide), ResizeShorterSide, $"The shorter side must be resized to at least max(TargetWidth, TargetHeight) = {Math.Max(TargetWidth, TargetHeight)} pixels so that the crop fits.");
            }
        }

        if (!float.IsFinite(Scale))
        {
            throw new ArgumentOutOfRangeException(nameof(Scale), Scale, "The scale must be finite.");
        }

        if (!Mean.AllFinite)
        {
            throw new ArgumentOutOfRangeException(nameof(Mean), Mean, "Every mean must be finite.");
        }

        if (!Std.AllFinite || Std.R <= 0f || Std.G <= 0f || Std.B <= 0f)
        {
            throw new ArgumentOutOfRangeException(nameof(Std), Std, "Every standard deviation must be finite and greater than 0.");
        }

        if (!PadValue.AllFinite)
        {
            throw new ArgumentOutOfRangeException(nameof(PadValue), PadValue, "Every pad value must be finite.");
        }

        if (MaxDegreeOfParallelism < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "At least one thread is needed.");
        }
    }

    private static void CheckSide(int value, string name)
    {
        if (value < 1 || value > MaxTargetSide)
        {
            throw new ArgumentOutOfRangeException(name, value, $"The size must be in [1, {MaxTargetSide}] pixels.");
        }
    }
}
