namespace Customizable.Vlm.Onnx; internal static class AssemblyMarker { }
