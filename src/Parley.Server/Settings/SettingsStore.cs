using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;

namespace Parley.Server.Settings;

/// <summary>Reads people's settings, with the defaults for those who never changed any.</summary>
public sealed class SettingsStore(ParleyDb db)
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
}
