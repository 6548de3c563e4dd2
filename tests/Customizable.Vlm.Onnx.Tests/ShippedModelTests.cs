namespace Customizable.Vlm.Onnx.Tests;

public class ShippedModelTests
{
    [Fact]
    public void The_resnet18_model_and_its_license_are_copied_to_a_referencing_projects_output()
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "models", "resnet18");

        Assert.True(new FileInfo(Path.Combine(directory, "ResNet18.onnx")).Length > 40_000_000);
        Assert.Contains("MIT License", File.ReadAllText(Path.Combine(directory, "LICENSE")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_model_path_resolves_to_the_shipped_file()
    {
        var path = FeatureBackbone.ResolveShippedModelPath();

        Assert.Equal(Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, ResNet18Layers.RelativeModelPath)), Path.GetFullPath(path));
    }
}
