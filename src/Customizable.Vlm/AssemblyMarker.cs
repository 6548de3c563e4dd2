namespace Customizable.Vlm; internal static class AssemblyMarker { }
