namespace Customizable.Vlm.Testing.Fuzzing;

/// <summary>A fuzz input gave an outcome the target does not allow; the message names the target, the iteration and the seed.</summary>
internal sealed class FuzzFailureException(string message, Exception? inner) : Exception(message, inner);
