namespace Customizable.Vlm.Preprocessing;

/// <summary>Order of the three colour planes in the produced NCHW tensor.</summary>
public enum TensorChannelOrder
{
    /// <summary>Plane 0 is red, plane 1 green, plane 2 blue.</summary>
    Rgb = 0,

    /// <summary>Plane 0 is blue, plane 1 green, plane 2 red (OpenCV / Caffe style models).</summary>
    Bgr = 1,
}
