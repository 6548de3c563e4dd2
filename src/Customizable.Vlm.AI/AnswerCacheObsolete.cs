namespace Customizable.Vlm.AI;

/// <summary>The message of the <see cref="ObsoleteAttribute"/> on <see cref="IAnswerCache"/> and its implementations.</summary>
internal static class AnswerCacheObsolete
{
    public const string Message =
        "Cache answers with Microsoft.Extensions.AI's middleware instead: new ChatClientBuilder(client).UseDistributedCache(cache).Build() " +
        "with any IDistributedCache (memory, Redis, SQL Server). IAnswerCache still works and will be removed in a later version.";
}
