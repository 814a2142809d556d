using Microsoft.EntityFrameworkCore;
using Parley.Server.Administration;
using Parley.Server.Data;
using Parley.Server.Events;
using Parley.Server.Infrastructure;
using Parley.Server.Moderation;

namespace Parley.Server.CustomEmoji;

/// <summary>
/// The server's custom emoji: the list, adding (who may follows the server setting <c>customEmoji</c>), removing (its
/// creator, or admins), the image. Every change is told to every connection after it is committed.
/// </summary>
public sealed class CustomEmojiService(ParleyDb db, ServerSettingsStore settings, IChatAudience audience, TimeProvider clock)
{
    public async Task<IReadOnlyList<CustomEmojiDto>> ListAsync(CancellationToken ct)
    {
        var rows = await db.CustomEmoji.AsNoTracking().OrderBy(e => e.Name)
            .Select(e => new { e.Name, e.Version, e.CreatedById, e.CreatedAt }).ToListAsync(ct);
        return [.. rows.Select(e => CustomEmojiDto.Of(e.Name, e.Version, e.CreatedById, e.CreatedAt))];
    }

    /// <summary>
    /// 403 <c>not_allowed</c> unless the caller may add emoji now: members when the setting is <c>everyone</c>
    /// (AddCustomEmoji), admins when it is <c>admins</c> (ManageCustomEmoji). The endpoint asks before reading the upload.
    /// </summary>
    public async Task RequireMayAddAsync(Guid me, CancellationToken ct)
    {
        var policy = (await settings.GetAsync(ct)).CustomEmoji;
        PermissionTable.Require(policy == CustomEmojiPolicy.Everyone ? Permission.AddCustomEmoji : Permission.ManageCustomEmoji,
            await db.ServerRoleOfAsync(me, ct));
    }

    public async Task<CustomEmojiDto> AddAsync(Guid me, string requestedName, byte[] upload, CancellationToken ct)
    {
        await RequireMayAddAsync(me, ct);
        var name = EmojiNames.Normalize(requestedName);
        if (EmojiNames.Problem(name) is { } problem) throw ParleyError.Invalid("name", problem);
        if (await db.CustomEmoji.AnyAsync(e => e.Name == name, ct)) throw Taken(name);
        var drawn = EmojiImages.Draw(upload);

        var row = new CustomEmoji
        {
            Id = Guid.CreateVersion7(), Name = name, ContentType = "image/png", Image = drawn.Png, Width = drawn.Width, Height = drawn.Height,
            Version = drawn.Version, CreatedById = me, CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.CustomEmoji.Add(row);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e)) { throw Taken(name); } // added by someone else meanwhile
        var dto = CustomEmojiDto.Of(row.Name, row.Version, row.CreatedById, row.CreatedAt);
        await audience.Everyone().CustomEmojiChanged(new CustomEmojiChangedEvent(dto, null));
        return dto;
    }

    /// <summary>
    /// Its creator or an admin (ManageCustomEmoji; audited as <c>emoji.delete</c> when it was someone else's). Text and
    /// reactions that used it keep <c>:name:</c>, which clients then show as text.
    /// </summary>
    public async Task RemoveAsync(Guid me, string name, CancellationToken ct)
    {
        var found = await db.CustomEmoji.AsNoTracking().Where(e => e.Name == name).Select(e => new { e.Id, e.CreatedById }).FirstOrDefaultAsync(ct)
            ?? throw ParleyError.NotFound("Emoji");
        var others = found.CreatedById != me;
        if (others) PermissionTable.Require(Permission.ManageCustomEmoji, await db.ServerRoleOfAsync(me, ct));

        db.CustomEmoji.Remove(new CustomEmoji { Id = found.Id });
        if (others) AuditLog.Record(db, clock.GetUtcNow().UtcDateTime, me, "emoji.delete", targetUserId: found.CreatedById, details: new { name });
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { throw ParleyError.NotFound("Emoji"); } // removed by someone else meanwhile
        await audience.Everyone().CustomEmojiChanged(new CustomEmojiChangedEvent(null, name));
    }

    public Task<CustomEmojiImage?> ImageAsync(string name, CancellationToken ct) =>
        db.CustomEmoji.AsNoTracking().Where(e => e.Name == name)
            .Select(e => new CustomEmojiImage(e.ContentType, e.Image, e.Version, e.CreatedAt)).FirstOrDefaultAsync(ct);

    private static ParleyError Taken(string name) => ParleyError.Conflict("name", $":{name}: is taken: another custom emoji has that name.");
}
