namespace Customizable.Vlm.Onnx;

/// <summary>
/// Value names of the shipped ImageNet ResNet18 (CNTK export in ML.NET's Microsoft.ML.DnnImageFeaturizer.ResNet18
/// package): the input and the outputs of the four residual stages (after their final ReLU).
/// </summary>
internal static class ResNet18Layers
{
    /// <summary>The image input, float [N,3,224,224], BGR, 0..255 minus the per-channel mean.</summary>
    public const string Input = "Input247";

    /// <summary>End of stage 1 (conv2_x): 64 x 56 x 56, stride 4.</summary>
    public const string Layer1 = "ReLU283_Output_0";

    /// <summary>End of stage 2 (conv3_x): 128 x 28 x 28, stride 8.</summary>
    public const string Layer2 = "ReLU315_Output_0";

    /// <summary>End of stage 3 (conv4_x): 256 x 14 x 14, stride 16.</summary>
    public const string Layer3 = "ReLU347_Output_0";

    /// <summary>End of stage 4 (conv5_x): 512 x 7 x 7, stride 32.</summary>
    public const string Layer4 = "ReLU393_Output_0";

    /// <summary>Path of the model relative to the application's output folder.</summary>
    public const string RelativeModelPath = "models/resnet18/ResNet18.onnx";
}
