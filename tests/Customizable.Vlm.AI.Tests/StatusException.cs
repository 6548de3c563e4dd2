namespace Customizable.Vlm.AI.Tests;

/// <summary>An exception shaped like System.ClientModel's ClientResultException: an <see cref="int"/> <c>Status</c> property.</summary>
internal sealed class StatusException : Exception
{
    public StatusException()
    {
    }

    public StatusException(string message)
        : base(message)
    {
    }

    public StatusException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StatusException(int status)
        : base($"Service request failed. Status: {status}")
    {
        Status = status;
    }

    public int Status { get; }
}
