using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Server.Accounts;
using Parley.Server.Data;
using Parley.Server.Infrastructure;
using Parley.Server.Rooms;
using Parley.Server.Settings;

namespace Parley.Server.Messages;

public sealed record ReadAllResult(int Rooms);
public sealed record ReceiptDto(Guid UserId, long LastReadSeq);

/// <summary>"Mark all read", and how far the others in a DM have read (read receipts).</summary>
public static class ReadStateApi
{
    public static void MapReadState(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/me/read-all", ReadAll).WithTags("Messages").RequireAuthorization().WithName("MarkAllRead")
            .WithSummary("Marks every conversation read; each one that changed is told to your tabs as ReadMarked.");
        app.MapGet("/api/rooms/{roomId:guid}/receipts", Receipts).WithTags("Messages").RequireAuthorization().WithName("GetReceipts")
            .WithSummary("DMs and group DMs: how far the others have read, for those who share read receipts (none if you don't).");
    }

    private static async Task<Ok<ReadAllResult>> ReadAll(HttpContext http, ParleyDb db, MessageService messages, CancellationToken ct)
    {
        var me = http.User.UserId();
        var behind = await db.RoomMembers.AsNoTracking().Where(m => m.UserId == me)
            .Join(db.Rooms, m => m.RoomId, r => r.Id, (m, r) => new { r.Id, r.LastSeq, m.LastReadSeq })
            .Where(x => x.LastReadSeq < x.LastSeq)
            .ToListAsync(ct);
        foreach (var room in behind) await messages.MarkReadAsync(me, room.Id, room.LastSeq, ct);
        return TypedResults.Ok(new ReadAllResult(behind.Count));
    }

    private static async Task<Ok<List<ReceiptDto>>> Receipts(Guid roomId, HttpContext http, ParleyDb db, RoomAccess access, SettingsStore settings,
        CancellationToken ct)
    {
        var me = http.User.UserId();
        var m = await access.RequireMemberAsync(me, roomId, ct);
        if (!m.Room.Kind.IsDm() || !(await settings.ForAsync(me, ct)).ReadReceipts) return TypedResults.Ok(new List<ReceiptDto>());
        var others = await db.RoomMembers.AsNoTracking().Where(x => x.RoomId == roomId && x.UserId != me)
            .Select(x => new ReceiptDto(x.UserId, x.LastReadSeq)).ToListAsync(ct);
        var prefs = await settings.ForAsync(others.Select(o => o.UserId).ToList(), ct);
        return TypedResults.Ok(others.Where(o => prefs[o.UserId].ReadReceipts).ToList());
    }
}
