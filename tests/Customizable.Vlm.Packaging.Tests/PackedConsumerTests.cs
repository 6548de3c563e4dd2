using System.IO.Compression;
using System.Xml.Linq;
using Xunit.Abstractions;

namespace Customizable.Vlm.Packaging.Tests;

/// <summary>The packages as a consumer gets them: packed into a local feed, restored and run by a fresh app outside the repository.</summary>
public class PackedConsumerTests : IClassFixture<PackedConsumer>
{
    private readonly PackedConsumer _consumer;
    private readonly ITestOutputHelper _output;

    public PackedConsumerTests(PackedConsumer consumer, ITestOutputHelper output)
    {
        _consumer = consumer;
        _output = output;
    }

    [PackFact]
    public void Every_library_packs_with_net8_and_net10_assets_a_readme_an_icon_and_a_symbol_package()
    {
        AssertPacked();
        foreach (var project in Toolchain.PackedProjects)
        {
            string package = Path.Combine(_consumer.Feed!, $"{project}.{_consumer.Version}.nupkg");
            string symbols = Path.Combine(_consumer.Feed!, $"{project}.{_consumer.Version}.snupkg");
            Assert.True(File.Exists(package), $"{package} was not packed.");
            Assert.True(File.Exists(symbols), $"{symbols} was not packed.");
            _output.WriteLine($"{Path.GetFileName(package)} {new FileInfo(package).Length / 1024.0:0.0} KiB, {Path.GetFileName(symbols)} {new FileInfo(symbols).Length / 1024.0:0.0} KiB");

            using (var nupkg = ZipFile.OpenRead(package))
            {
                var entries = nupkg.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
                foreach (var framework in Toolchain.LibraryFrameworks)
                {
                    Assert.Contains($"lib/{framework}/{project}.dll", entries);
                    Assert.Contains($"lib/{framework}/{project}.xml", entries);
                }

                Assert.Contains("README.md", entries);
                Assert.Contains("icon.png", entries);

                var metadata = Nuspec(nupkg, project);
                Assert.Equal("README.md", Element(metadata, "readme"));
                Assert.Equal("icon.png", Element(metadata, "icon"));
                Assert.Equal("MIT", Element(metadata, "license"));
                Assert.StartsWith("https://", Element(metadata, "projectUrl"), StringComparison.Ordinal);
                Assert.False(string.IsNullOrWhiteSpace(Element(metadata, "description")));
                Assert.False(string.IsNullOrWhiteSpace(Element(metadata, "tags")));
                var repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
                Assert.StartsWith("https://", (string?)repository.Attribute("url"), StringComparison.Ordinal);
            }

            using var snupkg = ZipFile.OpenRead(symbols);
            foreach (var framework in Toolchain.LibraryFrameworks)
            {
                Assert.Contains(snupkg.Entries, e => e.FullName == $"lib/{framework}/{project}.pdb");
            }
        }
    }

    [PackFact]
    public void The_package_readmes_carry_no_repository_relative_links_and_no_project_run_lines()
    {
        AssertPacked();
        foreach (var project in Toolchain.PackedProjects)
        {
            using var nupkg = ZipFile.OpenRead(Path.Combine(_consumer.Feed!, $"{project}.{_consumer.Version}.nupkg"));
            using var reader = new StreamReader(nupkg.GetEntry("README.md")!.Open());
            string readme = reader.ReadToEnd();

            Assert.Contains($"dotnet add package {project}", readme, StringComparison.Ordinal);
            Assert.DoesNotContain("--project", readme, StringComparison.Ordinal);
            Assert.DoesNotContain("{{", readme, StringComparison.Ordinal);
            Assert.DoesNotMatch(@"\]\((?!https://)[^)]*\)", readme);
        }
    }

    [PackFact]
    public void The_onnx_package_carries_the_backbone_and_its_build_targets()
    {
        AssertPacked();
        using var nupkg = ZipFile.OpenRead(Path.Combine(_consumer.Feed!, $"Customizable.Vlm.Onnx.{_consumer.Version}.nupkg"));
        var entries = nupkg.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("models/resnet18/ResNet18.onnx", entries);
        Assert.Contains("models/resnet18/LICENSE", entries);
        Assert.Contains("buildTransitive/Customizable.Vlm.Onnx.targets", entries);
        Assert.Contains("build/Customizable.Vlm.Onnx.targets", entries);
    }

    [PackFact]
    public void The_orleans_package_depends_on_the_packed_onnx_package_and_the_orleans_runtime_but_not_on_its_code_generator()
    {
        AssertPacked();
        const string Project = "Customizable.Vlm.Orleans";
        using var nupkg = ZipFile.OpenRead(Path.Combine(_consumer.Feed!, $"{Project}.{_consumer.Version}.nupkg"));
        string orleans = XDocument.Load(Path.Combine(Toolchain.RepositoryRoot!, "Directory.Packages.props")).Descendants("PackageVersion")
            .Single(e => (string?)e.Attribute("Include") == "Microsoft.Orleans.Server").Attribute("Version")!.Value;

        var groups = Nuspec(nupkg, Project).Elements().Single(e => e.Name.LocalName == "dependencies").Elements().ToList();
        Assert.Equal(Toolchain.LibraryFrameworks.Count, groups.Count);
        foreach (var group in groups)
        {
            var dependencies = group.Elements().ToDictionary(d => (string)d.Attribute("id")!, d => (string)d.Attribute("version")!, StringComparer.Ordinal);
            _output.WriteLine($"{group.Attribute("targetFramework")}: {string.Join(", ", dependencies.Select(d => $"{d.Key} {d.Value}"))}");
            Assert.Equal(_consumer.Version, dependencies.GetValueOrDefault("Customizable.Vlm.Onnx"));
            Assert.Equal(orleans, dependencies.GetValueOrDefault("Microsoft.Orleans.Server"));
            Assert.Equal(orleans, dependencies.GetValueOrDefault("Microsoft.Orleans.Client"));

            // The code generator (and its Roslyn) runs when this package is built, never in its consumers' builds.
            Assert.DoesNotContain(dependencies.Keys, id => id is "Microsoft.Orleans.Sdk" or "Microsoft.Orleans.CodeGenerator" or "Microsoft.SourceLink.GitHub");
        }

        var entries = nupkg.Entries.Select(e => e.FullName).ToList();
        Assert.DoesNotContain(entries, e => e.StartsWith("analyzers/", StringComparison.Ordinal) || e.StartsWith("build", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal)
            && !Toolchain.LibraryFrameworks.Any(f => e == $"lib/{f}/{Project}.dll" || e == $"lib/{f}/{Project}.xml"));
    }

    [PackFact]
    public void A_fresh_silo_host_restores_the_packed_orleans_package_and_inspects_through_the_cluster_as_locally()
    {
        AssertBuilt();
        Assert.NotNull(_consumer.OrleansBuild);
        Assert.True(_consumer.OrleansBuild.ExitCode == 0, _consumer.OrleansBuild.ToString());
        _output.WriteLine($"restore + build of the silo host: {_consumer.OrleansBuild.Elapsed.TotalSeconds:0.0} s");
        Assert.True(Directory.Exists(Path.Combine(_consumer.Packages!, "customizable.vlm.orleans", _consumer.Version!)),
            "Customizable.Vlm.Orleans was not restored from the local feed into the app's packages folder.");
        Assert.NotNull(_consumer.OrleansRun);
        _output.WriteLine(_consumer.OrleansRun.ToString());
        Assert.True(_consumer.OrleansRun.ExitCode == 0, _consumer.OrleansRun.ToString());

        foreach (string label in new[] { "normal", "defect" })
        {
            string line = _consumer.OrleansRun.Output.Split('\n').Single(l => l.StartsWith(label + " ", StringComparison.Ordinal));
            Assert.Equal(Field(line, "local"), Field(line, "cluster"));
        }

        Assert.Contains("defect anomalous=True", _consumer.OrleansRun.Output, StringComparison.Ordinal);

        static string Field(string line, string name) => line.Split(' ').Single(f => f.StartsWith(name + "=", StringComparison.Ordinal))[(name.Length + 1)..].Trim();
    }

    [PackFact]
    public void A_fresh_app_restores_the_packed_packages_from_the_local_feed_builds_and_inspects()
    {
        AssertBuilt();
        Assert.True(Directory.Exists(Path.Combine(_consumer.Packages!, "customizable.vlm.onnx", _consumer.Version!)),
            "Customizable.Vlm.Onnx was not restored from the local feed into the app's packages folder.");
        Assert.NotNull(_consumer.Run);
        _output.WriteLine(_consumer.Run.ToString());
        Assert.True(_consumer.Run.ExitCode == 0, _consumer.Run.ToString());

        double normal = Score(_consumer.Run.Output, "normal");
        double defect = Score(_consumer.Run.Output, "defect");
        Assert.True(defect > normal, $"The defective part scored {defect}, the normal one {normal}.");
        Assert.Contains("defect anomalous=True", _consumer.Run.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_consumer.AppOutput!, "models", "resnet18", "ResNet18.onnx")));
    }

    [PackFact]
    public void The_app_output_keeps_the_desktop_native_runtimes_and_drops_the_mobile_archives()
    {
        AssertBuilt();
        string runtimes = Path.Combine(_consumer.AppOutput!, "runtimes");
        foreach (var folder in Directory.GetDirectories(runtimes))
        {
            long bytes = Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
            _output.WriteLine($"{Path.GetFileName(folder)}: {bytes / 1e6:0.0} MB");
        }

        long total = Directory.GetFiles(_consumer.AppOutput!, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        _output.WriteLine($"total output: {total / 1e6:0.0} MB");
        Assert.False(Directory.Exists(Path.Combine(runtimes, "android")), "runtimes/android was copied to a desktop app's output.");
        Assert.False(Directory.Exists(Path.Combine(runtimes, "ios")), "runtimes/ios was copied to a desktop app's output.");
        Assert.Contains(Directory.GetFiles(runtimes, "*onnxruntime.*", SearchOption.AllDirectories),
            f => Path.GetFileName(f) is "libonnxruntime.so" or "onnxruntime.dll" or "libonnxruntime.dylib");
        string deps = File.ReadAllText(Path.Combine(_consumer.AppOutput!, "App.deps.json"));
        Assert.DoesNotContain("runtimes/android/", deps, StringComparison.Ordinal);
        Assert.Contains("runtimes/linux-x64/native/libonnxruntime.so", deps, StringComparison.Ordinal);
    }

    [PackFact]
    public void An_app_without_the_native_runtime_gets_a_build_warning_and_a_typed_exception()
    {
        AssertBuilt();
        var warnings = _consumer.Build!.Output.Split('\n').Where(l => l.Contains("warning CVLM0001", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(warnings);
        Assert.All(warnings, w => Assert.Contains("NoNative.csproj", w, StringComparison.Ordinal));
        Assert.All(warnings, w => Assert.Contains("Microsoft.ML.OnnxRuntime", w, StringComparison.Ordinal));

        Assert.NotNull(_consumer.NoNativeRun);
        Assert.True(_consumer.NoNativeRun.ExitCode == 0, _consumer.NoNativeRun.ToString());
        Assert.Contains("typed package=Microsoft.ML.OnnxRuntime", _consumer.NoNativeRun.Output, StringComparison.Ordinal);
    }

    private void AssertPacked()
    {
        Assert.NotNull(_consumer.Pack);
        Assert.True(_consumer.Pack.ExitCode == 0, _consumer.Pack.ToString());
        _output.WriteLine($"pack: {_consumer.Pack.Elapsed.TotalSeconds:0.0} s");
    }

    private void AssertBuilt()
    {
        AssertPacked();
        Assert.NotNull(_consumer.Build);
        Assert.True(_consumer.Build.ExitCode == 0, _consumer.Build.ToString());
        _output.WriteLine($"restore + build of the two apps: {_consumer.Build.Elapsed.TotalSeconds:0.0} s");
    }

    private static XElement Nuspec(ZipArchive nupkg, string project)
    {
        using var stream = nupkg.GetEntry(project + ".nuspec")!.Open();
        return XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    private static string? Element(XElement metadata, string name) =>
        (string?)metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name);

    private static double Score(string output, string label)
    {
        string line = output.Split('\n').Single(l => l.StartsWith(label + " ", StringComparison.Ordinal));
        return double.Parse(line[(line.IndexOf("score=", StringComparison.Ordinal) + "score=".Length)..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
