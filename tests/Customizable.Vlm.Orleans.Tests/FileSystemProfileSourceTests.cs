using Microsoft.Extensions.Options;

namespace Customizable.Vlm.Orleans.Tests;

public sealed class FileSystemProfileSourceTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("cvlm-profiles-").FullName;

    [Fact]
    public async Task A_profile_is_read_from_its_file_in_the_profile_directory()
    {
        byte[] bytes = [1, 2, 3, 4];
        await File.WriteAllBytesAsync(Path.Combine(_root, "tire-v2.cvlm"), bytes);

        Assert.Equal(bytes, await Source().ReadProfileAsync("tire-v2"));
    }

    [Fact]
    public async Task A_missing_profile_gives_ProfileNotFoundException_without_the_silos_path()
    {
        var error = await Assert.ThrowsAsync<ProfileNotFoundException>(() => Source().ReadProfileAsync("absent"));

        Assert.Equal("absent", error.ProfileName);
        Assert.DoesNotContain(_root, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData(".hidden")]
    [InlineData("a/b")]
    [InlineData("")]
    [InlineData("white space")]
    public async Task A_name_that_could_leave_the_folder_is_refused(string name)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Source().ReadProfileAsync(name));
    }

    [Fact]
    public void A_source_without_a_profile_directory_says_which_option_to_set()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new FileSystemProfileSource(Options.Create(new CvlmInspectionOptions())));
        Assert.Contains("ProfileDirectory", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private FileSystemProfileSource Source() => new(Options.Create(new CvlmInspectionOptions { ProfileDirectory = _root }));
}
