using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Customizable.Vlm.OnnxGenAI.Tests;

/// <summary>An ILogger of T that keeps every entry so tests can assert on what was logged.</summary>
public sealed class CapturingLogger<T> : ILogger<T>
{
    public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue((logLevel, formatter(state, exception)));
}
