using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Server.Accounts;
using Parley.Server.Data;
using Parley.Server.Infrastructure;

namespace Parley.Server.Presence;

public sealed record SetPresenceRequest(string? Status);

public static class PresenceApi
{
    public const int MaxIds = 500;

    public static void MapPresence(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Presence").RequireAuthorization();
        api.MapGet("/presence", Get).WithName("GetPresence")
            .WithSummary("Presence of people you share a conversation with: ?ids=a,b,c (others are left out).");
        api.MapPut("/me/presence", Set).WithName("SetPresence").WithSummary("online (automatic), away or dnd.");
    }

    private static async Task<Ok<IReadOnlyList<PresenceDto>>> Get(string? ids, HttpContext http, ParleyDb db, PresenceTracker presence, CancellationToken ct)
    {
        var wanted = new List<Guid>();
        foreach (var part in (ids ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            wanted.Add(Guid.TryParse(part, out var id) ? id : throw ParleyError.Invalid("ids", $"'{part}' is not a user id."));
        if (wanted.Count is 0 or > MaxIds) throw ParleyError.Invalid("ids", $"Give 1 to {MaxIds} user ids, comma-separated.");
        return TypedResults.Ok(await presence.OfAsync(await VisibleAsync(db, http.User.UserId(), wanted, ct), ct));
    }

    private static async Task<Ok<PresenceDto>> Set(SetPresenceRequest req, HttpContext http, PresenceTracker presence, CancellationToken ct)
    {
        var me = http.User.UserId();
        await presence.SetChoiceAsync(me, Choice(req.Status));
        return TypedResults.Ok((await presence.OfAsync([me], ct))[0]);
    }

    /// <summary>online means "automatic": online or away by activity.</summary>
    public static string Choice(string? status) => status switch
    {
        PresenceStatus.Online => "",
        PresenceStatus.Away or PresenceStatus.DoNotDisturb => status,
        _ => throw ParleyError.Invalid("status", "status must be online, away or dnd."),
    };

    /// <summary>Of these users, those the caller may see: themselves, their friends and anyone sharing a conversation with them.</summary>
    public static async Task<IReadOnlyCollection<Guid>> VisibleAsync(ParleyDb db, Guid me, IReadOnlyCollection<Guid> userIds, CancellationToken ct)
    {
        var ids = userIds.Distinct().ToList();
        var visible = await db.RoomMembers.AsNoTracking()
            .Where(m => ids.Contains(m.UserId) && db.RoomMembers.Any(mine => mine.UserId == me && mine.RoomId == m.RoomId))
            .Select(m => m.UserId).Distinct().ToListAsync(ct);
        var friends = await db.Friendships.AsNoTracking()
            .Where(f => f.AcceptedAt != null && ((f.LowId == me && ids.Contains(f.HighId)) || (f.HighId == me && ids.Contains(f.LowId))))
            .Select(f => f.LowId == me ? f.HighId : f.LowId).ToListAsync(ct);
        foreach (var f in friends) if (!visible.Contains(f)) visible.Add(f);
        if (ids.Contains(me) && !visible.Contains(me)) visible.Add(me);
        return visible;
    }
}
