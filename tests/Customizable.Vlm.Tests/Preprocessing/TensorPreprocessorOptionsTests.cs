using Customizable.Vlm.Preprocessing;

namespace Customizable.Vlm.Tests.Preprocessing;

public class TensorPreprocessorOptionsTests
{
    public static TheoryData<string, Action<TensorPreprocessorOptions>> InvalidSettings => new()
    {
        { nameof(TensorPreprocessorOptions.TargetWidth), o => o.TargetWidth = 0 },
        { nameof(TensorPreprocessorOptions.TargetHeight), o => o.TargetHeight = TensorPreprocessorOptions.MaxTargetSide + 1 },
        { nameof(TensorPreprocessorOptions.ResizeMode), o => o.ResizeMode = (TensorResizeMode)42 },
        { nameof(TensorPreprocessorOptions.ChannelOrder), o => o.ChannelOrder = (TensorChannelOrder)42 },
        { nameof(TensorPreprocessorOptions.ResizeShorterSide), o => { o.ResizeMode = TensorResizeMode.ShorterSideThenCenterCrop; o.ResizeShorterSide = 200; } },
        { nameof(TensorPreprocessorOptions.Scale), o => o.Scale = float.NaN },
        { nameof(TensorPreprocessorOptions.Mean), o => o.Mean = new RgbTriple(0, float.PositiveInfinity, 0) },
        { nameof(TensorPreprocessorOptions.Std), o => o.Std = new RgbTriple(1, 1, 0) },
        { nameof(TensorPreprocessorOptions.Std), o => o.Std = new RgbTriple(-1, 1, 1) },
        { nameof(TensorPreprocessorOptions.PadValue), o => o.PadValue = new RgbTriple(float.NaN, 0, 0) },
        { nameof(TensorPreprocessorOptions.MaxDegreeOfParallelism), o => o.MaxDegreeOfParallelism = 0 },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void Out_of_range_settings_are_rejected_naming_the_setting(string name, Action<TensorPreprocessorOptions> spoil)
    {
        var o = new TensorPreprocessorOptions();
        spoil(o);
        ArgumentOutOfRangeException e = Assert.Throws<ArgumentOutOfRangeException>(o.Validate);
        Assert.Equal(name, e.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TensorPreprocessor(o));
    }

    [Fact]
    public void The_defaults_are_valid()
    {
        new TensorPreprocessorOptions().Validate();
    }

    [Fact]
    public void A_clone_is_independent()
    {
        var o = new TensorPreprocessorOptions { TargetWidth = 10, Mean = new RgbTriple(1, 2, 3) };
        TensorPreprocessorOptions copy = o.Clone();
        o.TargetWidth = 20;
        Assert.Equal(10, copy.TargetWidth);
        Assert.Equal(new RgbTriple(1, 2, 3), copy.Mean);
    }
}
