namespace Customizable.Vlm.Onnx;

/// <summary>Order of the three color planes in a model's NCHW input tensor.</summary>
public enum ChannelOrder
{
    /// <summary>Plane 0 is red, plane 1 green, plane 2 blue.</summary>
    Rgb = 0,

    /// <summary>Plane 0 is blue, plane 1 green, plane 2 red (Caffe/CNTK style models).</summary>
    Bgr = 1,
}
