using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Parley.Server.Accounts;

/// <summary>Signs in the hub's connect request from <c>?ticket=</c> (<see cref="HubTickets"/>); nothing else.</summary>
public sealed class HubTicketAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    HubTickets tickets) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ParleyHubTicket";
    public const string QueryKey = "ticket";

    /// <summary>The hub's connect request (not its negotiation, which takes the usual credentials) showing a ticket.</summary>
    public static bool Applies(HttpRequest request) =>
        request.Path.Equals(AuthSetup.HubPath, StringComparison.OrdinalIgnoreCase) && request.Query.ContainsKey(QueryKey);

    // The authorization middleware and SignalR may both ask; a ticket is redeemed once per request.
    private AuthenticateResult? _result;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (_result is not null) return _result;
        if (!Applies(Request)) return _result = AuthenticateResult.NoResult();
        var redeemed = await tickets.RedeemAsync(Request.Query[QueryKey].ToString(), SchemeName, Context.RequestAborted);
        if (redeemed is not { } r) return _result = AuthenticateResult.Fail("The connect ticket is expired, used or not valid.");
        return _result = AuthenticateResult.Success(new AuthenticationTicket(r.User, new AuthenticationProperties { ExpiresUtc = r.Expires }, SchemeName));
    }
}
