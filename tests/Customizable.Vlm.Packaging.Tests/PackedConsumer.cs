using System.Xml.Linq;

namespace Customizable.Vlm.Packaging.Tests;

/// <summary>
/// Packs the libraries into a local folder feed in a temporary folder, writes two console apps there (outside the
/// repository) that reference the packed Customizable.Vlm.Onnx and a silo host that references the packed Customizable.Vlm.Orleans,
/// builds them and runs them; once for all tests of the class.
/// </summary>
/// <remarks>
/// The apps' nuget.config clears every source and adds only the local feed; their other dependencies (ONNX Runtime,
/// ImageSharp, ...) come from the machine's NuGet cache as a read-only fallback folder, so nothing is downloaded and nothing
/// of this run lands in that cache (packages restored here go to a temporary packages folder, deleted afterwards).
/// </remarks>
public sealed class PackedConsumer : IDisposable
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(5);

    public PackedConsumer()
    {
        if (Toolchain.UnavailableReason is not null)
        {
            return;
        }

        Root = Directory.CreateTempSubdirectory("cvlm-pack-").FullName;
        Feed = Path.Combine(Root, "feed");
        Directory.CreateDirectory(Feed);
        string repo = Toolchain.RepositoryRoot!;
        var none = new Dictionary<string, string>();

        string traversal = Path.Combine(Root, "pack.proj");
        string projects = string.Join(';', Toolchain.PackedProjects.Select(p => Path.Combine(repo, "src", p, p + ".csproj")));
        File.WriteAllText(traversal, new XElement("Project",
            new XElement("Target", new XAttribute("Name", "PackAll"),
                new XElement("MSBuild",
                    new XAttribute("Projects", projects),
                    new XAttribute("Targets", "Pack"),
                    new XAttribute("Properties", $"Configuration={Toolchain.Configuration};NoBuild=true;_IsPacking=true;PackageOutputPath={Feed}{Path.DirectorySeparatorChar}")))).ToString());
        Pack = Toolchain.RunDotnet(Root, none, StepTimeout, "msbuild", traversal, "-t:PackAll", "-nologo", "-v:m", "-nodeReuse:false");
        if (Pack.ExitCode != 0)
        {
            return;
        }

        Version = Path.GetFileNameWithoutExtension(Directory.GetFiles(Feed, "Customizable.Vlm.Onnx.*.nupkg").Single(f => !f.EndsWith(".snupkg", StringComparison.Ordinal)))
            ["Customizable.Vlm.Onnx.".Length..];
        string onnxRuntime = XDocument.Load(Path.Combine(repo, "Directory.Packages.props")).Descendants("PackageVersion")
            .Single(e => (string?)e.Attribute("Include") == "Microsoft.ML.OnnxRuntime").Attribute("Version")!.Value;

        var cache = Toolchain.RunDotnet(Root, none, TimeSpan.FromSeconds(60), "nuget", "locals", "global-packages", "--list");
        string machineCache = cache.Output.Split(':', 2)[1].Trim();

        Apps = Path.Combine(Root, "apps");
        Packages = Path.Combine(Root, "packages");
        WriteApp("App", onnxRuntime);
        WriteApp("NoNative", onnxRuntime);
        WriteApp("OrleansApp", onnxRuntime);
        File.WriteAllText(Path.Combine(Apps, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(Apps, "Directory.Build.targets"), "<Project />");
        File.WriteAllText(Path.Combine(Apps, "Directory.Packages.props"), "<Project />");
        File.WriteAllText(Path.Combine(Apps, "Apps.slnx"), "<Solution>\n  <Project Path=\"App/App.csproj\" />\n  <Project Path=\"NoNative/NoNative.csproj\" />\n</Solution>\n");
        File.WriteAllText(Path.Combine(Apps, "nuget.config"), new XDocument(new XElement("configuration",
            new XElement("packageSources", new XElement("clear"), new XElement("add", new XAttribute("key", "local-feed"), new XAttribute("value", Feed))),
            new XElement("fallbackPackageFolders", new XElement("clear"), new XElement("add", new XAttribute("key", "machine-cache"), new XAttribute("value", machineCache))))).ToString());

        // NUGET_PACKAGES wins over any configuration: the packed packages are extracted here, never into the machine's cache.
        var packagesFolder = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Packages };
        Build = Toolchain.RunDotnet(Apps, packagesFolder, StepTimeout, "build", "Apps.slnx", "-c", "Release", "-nologo", "-v:m", "--disable-build-servers", "-p:TreatWarningsAsErrors=false");
        if (Build.ExitCode != 0)
        {
            return;
        }

        AppOutput = Path.Combine(Apps, "App", "bin", "Release", "net10.0");
        Run = Toolchain.RunDotnet(AppOutput, none, StepTimeout, Path.Combine(AppOutput, "App.dll"));
        NoNativeRun = Toolchain.RunDotnet(Apps, none, StepTimeout, Path.Combine(Apps, "NoNative", "bin", "Release", "net10.0", "NoNative.dll"));

        // The silo host is built on its own (outside Apps.slnx), so that a failure of its restore or build is its test's alone.
        OrleansBuild = Toolchain.RunDotnet(Apps, packagesFolder, StepTimeout, "build", Path.Combine("OrleansApp", "OrleansApp.csproj"), "-c", "Release", "-nologo", "-v:m", "--disable-build-servers", "-p:TreatWarningsAsErrors=false");
        if (OrleansBuild.ExitCode == 0)
        {
            string output = Path.Combine(Apps, "OrleansApp", "bin", "Release", "net10.0");
            OrleansRun = Toolchain.RunDotnet(output, none, StepTimeout, Path.Combine(output, "OrleansApp.dll"));
        }
    }

    /// <summary>The temporary folder of this run (deleted on dispose).</summary>
    public string? Root { get; }

    /// <summary>The local folder feed the packages are packed into.</summary>
    public string? Feed { get; }

    /// <summary>The folder of the consumer apps.</summary>
    public string? Apps { get; }

    /// <summary>The apps' own global packages folder.</summary>
    public string? Packages { get; }

    /// <summary>The build output of the app that references the native runtime.</summary>
    public string? AppOutput { get; }

    /// <summary>The packages' version, read from the packed file names.</summary>
    public string? Version { get; }

    public ProcessRun? Pack { get; }

    public ProcessRun? Build { get; }

    public ProcessRun? Run { get; }

    public ProcessRun? NoNativeRun { get; }

    /// <summary>The restore and build of the silo host that references the packed Customizable.Vlm.Orleans.</summary>
    public ProcessRun? OrleansBuild { get; }

    public ProcessRun? OrleansRun { get; }

    public void Dispose()
    {
        if (Root is not null && Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    private void WriteApp(string name, string onnxRuntime)
    {
        string folder = Path.Combine(Apps!, name);
        Directory.CreateDirectory(folder);
        string templates = Path.Combine(AppContext.BaseDirectory, "Consumer");
        string project = File.ReadAllText(Path.Combine(templates, name + ".csproj.template"))
            .Replace("{{CustomizableVlmVersion}}", Version, StringComparison.Ordinal)
            .Replace("{{OnnxRuntimeVersion}}", onnxRuntime, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(folder, name + ".csproj"), project);
        File.Copy(Path.Combine(templates, name + ".cs.template"), Path.Combine(folder, "Program.cs"));
    }
}
