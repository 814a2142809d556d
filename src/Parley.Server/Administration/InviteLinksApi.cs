using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Server.Accounts;
using Parley.Server.Data;
using Parley.Server.Moderation;

namespace Parley.Server.Administration;

/// <summary>/api/admin/invites: links that let someone register while registration is by invite (ManageServer).</summary>
public static class InviteLinksApi
{
    public static void MapInviteLinks(this IEndpointRouteBuilder app)
    {
        var invites = app.MapGroup("/api/admin/invites").WithTags("Administration").RequireAuthorization();
        invites.MapPost("/", Create).WithName("CreateInviteLink").WithSummary("A new link; its token is shown in this answer only.");
        invites.MapGet("/", List).WithName("ListInviteLinks");
        invites.MapDelete("/{id:guid}", Revoke).WithName("RevokeInviteLink");
    }

    private static async Task<Results<Created<InviteLinkDto>, ValidationProblem>> Create(CreateInviteRequest req, HttpContext http, ParleyDb db,
        InviteLinks invites, TimeProvider clock, CancellationToken ct)
    {
        var me = http.User.UserId();
        await Actors.RequireAsync(db, me, Permission.ManageServer, ct);
        if (InviteLinks.Problems(req, clock.GetUtcNow().UtcDateTime) is { } problem) return problem;
        var link = await invites.CreateAsync(me, req, $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}", ct);
        return TypedResults.Created($"/api/admin/invites/{link.Id}", link);
    }

    private static async Task<Ok<List<InviteLinkDto>>> List(HttpContext http, ParleyDb db, InviteLinks invites, CancellationToken ct)
    {
        await Actors.RequireAsync(db, http.User.UserId(), Permission.ManageServer, ct);
        return TypedResults.Ok(await invites.ListAsync(ct));
    }

    private static async Task<Results<NoContent, NotFound>> Revoke(Guid id, HttpContext http, ParleyDb db, InviteLinks invites, CancellationToken ct)
    {
        var me = http.User.UserId();
        await Actors.RequireAsync(db, me, Permission.ManageServer, ct);
        return await invites.RevokeAsync(me, id, ct) ? TypedResults.NoContent() : TypedResults.NotFound();
    }
}
