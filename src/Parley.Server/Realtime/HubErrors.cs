using Microsoft.AspNetCore.SignalR;
using Parley.Server.Infrastructure;

namespace Parley.Server.Realtime;

/// <summary>
/// A hub error's text: "code: reason" or "code retryAfter=N: reason", with the same codes as REST problems.
/// SignalR carries only a string, so clients read the code off its front and never match the sentence.
/// </summary>
public static class HubErrors
{
    public static HubException From(ParleyError e) => Of(e.Code, e.Message, e.RetryAfter);

    public static HubException Of(string code, string reason, TimeSpan? retryAfter = null) =>
        new(retryAfter is { } wait ? $"{code} retryAfter={ProblemCodes.Seconds(wait)}: {reason}" : $"{code}: {reason}");
}
