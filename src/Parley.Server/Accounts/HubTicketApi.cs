using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Parley.Server.Accounts;

/// <summary>POST /api/auth/hub-ticket: a short single-use ticket for the hub URL in place of the access token.</summary>
public static class HubTicketApi
{
    public static void MapHubTickets(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/auth/hub-ticket", Issue).WithTags("Auth").RequireAuthorization().WithName("IssueHubTicket")
            .WithSummary("A single-use connect ticket for /hubs/chat?ticket=…, valid for 30 seconds.");

    private static async Task<Ok<HubTicketDto>> Issue(HttpContext http, HubTickets tickets)
    {
        // The hub connection ends when the credentials the ticket was traded for would have.
        var expires = (await http.AuthenticateAsync(AuthSetup.Scheme)).Properties?.ExpiresUtc;
        var issued = tickets.Issue(http.User, expires);
        return TypedResults.Ok(new HubTicketDto(issued.Ticket, issued.ExpiresAt));
    }
}

public sealed record HubTicketDto(string Ticket, DateTimeOffset ExpiresAt);
