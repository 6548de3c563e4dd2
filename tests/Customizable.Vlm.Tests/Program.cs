using System.Globalization;
using Customizable.Vlm.Tests.Profiles;

namespace Customizable.Vlm.Tests;

/// <summary>Entry point of the test assembly when a test re-launches it as a helper process (<c>dotnet THIS.dll COMMAND ...</c>);
/// the test runner never calls it.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is [ProfileSaveLoop.Command, string path, string views])
        {
            await ProfileSaveLoop.RunAsync(path, int.Parse(views, CultureInfo.InvariantCulture), Console.Out);
            return 0;
        }

        await Console.Error.WriteLineAsync($"Usage: {ProfileSaveLoop.Command} PROFILE_PATH VIEW_COUNT");
        return 2;
    }
}
