using System.Text;

namespace Customizable.Vlm.Video;

/// <summary>Drains a child process's error output to its end (so the pipe never fills and blocks the child), keeping only its tail.</summary>
internal sealed class BoundedText
{
    private const int Capacity = 4096;
    private readonly StringBuilder _text = new();
    private readonly object _gate = new();

    public static async Task DrainAsync(StreamReader reader, BoundedText sink)
    {
        char[] buffer = new char[1024];
        try
        {
            int read;
            while ((read = await reader.ReadAsync(buffer.AsMemory()).ConfigureAwait(false)) > 0)
            {
                sink.Append(buffer.AsSpan(0, read));
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The process was killed or disposed: nothing more to read.
        }
    }

    public void Append(ReadOnlySpan<char> text)
    {
        lock (_gate)
        {
            _text.Append(text);
            if (_text.Length > 2 * Capacity)
            {
                _text.Remove(0, _text.Length - Capacity);
            }
        }
    }

    public override string ToString()
    {
        lock (_gate)
        {
            string text = _text.ToString().Trim();
            return text.Length > Capacity ? text[^Capacity..] : text;
        }
    }
}
