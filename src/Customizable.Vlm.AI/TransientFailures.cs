using System.Net;
using System.Reflection;
using Polly.Timeout;

namespace Customizable.Vlm.AI;

/// <summary>Classifies exceptions of any chat client by HTTP status code, without depending on a provider's exception types.</summary>
/// <remarks>Looks for <see cref="HttpRequestException.StatusCode"/>, or an <see cref="int"/> <c>Status</c> or <see cref="HttpStatusCode"/>
/// <c>StatusCode</c> property (as <c>System.ClientModel.ClientResultException</c> and other SDKs' exceptions carry), on the exception and
/// its inner exceptions.</remarks>
internal static class TransientFailures
{
    /// <summary>Finds the HTTP status code carried by <paramref name="exception"/> or one of its inner exceptions.</summary>
    public static int? StatusCode(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException { StatusCode: { } http })
            {
                return (int)http;
            }

            Type type = e.GetType();
            object? status = type.GetProperty("Status", BindingFlags.Public | BindingFlags.Instance)?.GetValue(e)
                ?? type.GetProperty("StatusCode", BindingFlags.Public | BindingFlags.Instance)?.GetValue(e);
            switch (status)
            {
                case int code when code is >= 100 and < 600:
                    return code;
                case HttpStatusCode code:
                    return (int)code;
            }
        }

        return null;
    }

    /// <summary>Whether a failure is worth retrying: timeouts, HTTP 408, 429, 5xx, and connection failures without a status.</summary>
    public static bool IsTransient(Exception exception, int? statusCode)
    {
        if (statusCode is { } code)
        {
            return code is 408 or 429 or >= 500;
        }

        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is TimeoutException or TimeoutRejectedException or HttpRequestException or IOException)
            {
                return true;
            }
        }

        return false;
    }
}
