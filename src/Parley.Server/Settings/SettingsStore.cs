using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;
using Parley.Server.Events;
using Parley.Server.Infrastructure;

namespace Parley.Server.Settings;

/// <summary>
/// Reads people's settings, with the defaults for those who never changed any, and changes them: a change reaches
/// the person's other tabs as SettingsChanged after the commit.
/// </summary>
public sealed class SettingsStore(ParleyDb db, IChatAudience groups)
{
    public async Task<UserSettings> ForAsync(Guid userId, CancellationToken ct = default) =>
        await db.UserSettings.AsNoTracking().FirstOrDefaultAsync(s => s.UserId == userId, ct) ?? UserSettings.Defaults(userId);

    /// <summary>Settings of many people in one query; everyone asked for is in the answer.</summary>
    public async Task<Dictionary<Guid, UserSettings>> ForAsync(IReadOnlyCollection<Guid> userIds, CancellationToken ct = default)
    {
        var ids = userIds.ToList();
        var found = await db.UserSettings.AsNoTracking().Where(s => ids.Contains(s.UserId)).ToDictionaryAsync(s => s.UserId, ct);
        foreach (var id in ids) found.TryAdd(id, UserSettings.Defaults(id));
        return found;
    }

    /// <summary>Changes the fields named in <paramref name="body"/> (see <see cref="SettingsPatch"/>).</summary>
    public async Task<SettingsDto> UpdateAsync(Guid me, JsonElement body, CancellationToken ct = default)
    {
        if (body.ValueKind != JsonValueKind.Object) throw ParleyError.Invalid("body", "Send a JSON object of settings to change.");
        var row = await db.UserSettings.FirstOrDefaultAsync(s => s.UserId == me, ct);
        var isNew = row is null;
        row ??= UserSettings.Defaults(me);
        SettingsPatch.Apply(row, body);
        if (isNew) db.UserSettings.Add(row);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e)) { throw ParleyError.Conflict("body", "Your settings were changed at the same moment elsewhere; try again."); }
        var dto = SettingsDto.From(row);
        await groups.ToUser(me).SettingsChanged(dto);
        return dto;
    }
}
