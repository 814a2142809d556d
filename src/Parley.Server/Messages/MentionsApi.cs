using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Server.Accounts;
using Parley.Server.Data;
using Parley.Server.Infrastructure;
using Parley.Server.Rooms;

namespace Parley.Server.Messages;

public sealed record MentionDto(MessageDto Message, string RoomName, string RoomKind);
public sealed record MentionsPage(IReadOnlyList<MentionDto> Items, string? NextBefore);

/// <summary>GET /api/mentions: the messages that mentioned you, newest first, in conversations you are still in.</summary>
public static class MentionsApi
{
    public const int MaxLimit = 100;

    public static void MapMentions(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/mentions", List).WithTags("Messages").RequireAuthorization().WithName("ListMentions")
            .WithSummary("Recent messages that mention you (@name, @here, @room); page on with ?before=nextBefore.");

    private static async Task<Ok<MentionsPage>> List(string? before, int? limit, HttpContext http, ParleyDb db, CancellationToken ct)
    {
        if (limit is < 1 or > MaxLimit) throw ParleyError.Invalid("limit", $"limit must be 1 to {MaxLimit}.");
        long? cursor = null;
        if (before is not null)
        {
            if (!long.TryParse(before, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) || ticks <= 0 || ticks > DateTime.MaxValue.Ticks)
                throw ParleyError.Invalid("before", "before must be the nextBefore of an earlier page.");
            cursor = ticks;
        }
        var take = limit ?? 30;
        var me = http.User.UserId();
        var q = db.Mentions.AsNoTracking().Where(x => x.UserId == me && db.RoomMembers.Any(m => m.RoomId == x.RoomId && m.UserId == me));
        if (cursor is { } t)
        {
            var until = new DateTime(t, DateTimeKind.Utc);
            q = q.Where(x => x.CreatedAt < until);
        }
        var rows = await q.OrderByDescending(x => x.CreatedAt).Take(take + 1).ToListAsync(ct);
        var hasMore = rows.Count > take;
        if (hasMore) rows.RemoveAt(rows.Count - 1);

        var ids = rows.Select(r => r.MessageId).ToList();
        var messages = await db.Messages.AsNoTracking().Where(m => ids.Contains(m.Id) && m.DeletedAt == null).ToListAsync(ct);
        var dtos = (await MessageDtos.BuildAsync(db, messages, ct)).ToDictionary(m => m.Id);
        var roomIds = rows.Select(r => r.RoomId).Distinct().ToList();
        var rooms = await db.Rooms.AsNoTracking().Where(r => roomIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);
        var items = rows.Where(r => dtos.ContainsKey(r.MessageId))
            .Select(r => new MentionDto(dtos[r.MessageId], rooms[r.RoomId].Name, rooms[r.RoomId].Kind.Wire()))
            .ToList();
        return TypedResults.Ok(new MentionsPage(items, hasMore ? rows[^1].CreatedAt.Ticks.ToString(CultureInfo.InvariantCulture) : null));
    }
}
