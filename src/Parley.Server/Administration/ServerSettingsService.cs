using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Server.Accounts;
using Parley.Server.CustomEmoji;
using Parley.Server.Data;
using Parley.Server.Infrastructure;
using Parley.Server.Moderation;
using Parley.Server.Rooms;

namespace Parley.Server.Administration;

/// <summary>
/// What GET /api/server tells anyone, signed in or not (the sign-in page shows the name and the way to register). email: the
/// server sends mail (verification, password reset); requireEmailVerification: sign-up needs an address (only with email).
/// </summary>
public sealed record PublicServerDto(string Name, string RegistrationMode, long MaxUploadBytes, int MaxMessageLength, string CustomEmoji,
    bool RequireTwoFactor, bool Email, bool RequireEmailVerification)
{
    public static PublicServerDto From(CurrentServerSettings s, bool email) => new(s.Name, s.RegistrationMode.Wire(), s.MaxUploadBytes, s.MaxMessageLength,
        s.CustomEmoji.Wire(), s.RequireTwoFactor, email, email && s.RequireEmailVerification);
    /// <summary>Sign-in with a passkey is offered (Accounts/Passkeys).</summary>
    public bool Passkeys => true;
    /// <summary>Single sign-on providers offered on the sign-in screen (Accounts/SingleSignOn), and whether passwords are off.</summary>
    public IReadOnlyList<Accounts.SingleSignOn.SsoProviderDto> Sso { get; init; } = [];
    public bool SsoOnly { get; init; }
}

/// <summary>The settings an admin sees and changes.</summary>
public sealed record ServerSettingsDto(string Name, string RegistrationMode, long MaxUploadBytes, int MaxMessageLength, string DefaultNotificationLevel,
    string CustomEmoji, bool RequireTwoFactor, bool RequireEmailVerification)
{
    public static ServerSettingsDto From(CurrentServerSettings s) =>
        new(s.Name, s.RegistrationMode.Wire(), s.MaxUploadBytes, s.MaxMessageLength, s.DefaultNotificationLevel.Wire(), s.CustomEmoji.Wire(),
            s.RequireTwoFactor, s.RequireEmailVerification);
}

/// <summary>Absent fields stay as they are.</summary>
public sealed record UpdateServerSettingsRequest(string? Name, string? RegistrationMode, long? MaxUploadBytes, int? MaxMessageLength,
    string? DefaultNotificationLevel, string? CustomEmoji, bool? RequireTwoFactor = null, bool? RequireEmailVerification = null);

public static class ServerSettingsRules
{
    public const int MaxName = 80;
    public const long MinUploadBytes = 1024, MaxUploadBytes = 1L << 40;
    public const int MaxMessageLength = 100_000;

    /// <summary>Every bad field at once, or null.</summary>
    public static ValidationProblem? Problems(UpdateServerSettingsRequest req) => Infrastructure.Problems.Fields(
        ("name", req.Name is null ? null : AccountRules.LineProblem(req.Name, "Server name", MaxName, required: true)),
        ("registrationMode", req.RegistrationMode is null || RegistrationModes.Parse(req.RegistrationMode) is not null ? null
            : "registrationMode must be \"open\", \"invite\" or \"closed\"."),
        ("maxUploadBytes", req.MaxUploadBytes is null or (>= MinUploadBytes and <= MaxUploadBytes) ? null
            : $"maxUploadBytes must be between {MinUploadBytes} and {MaxUploadBytes}."),
        ("maxMessageLength", req.MaxMessageLength is null or (>= 1 and <= MaxMessageLength) ? null
            : $"maxMessageLength must be between 1 and {MaxMessageLength}."),
        ("defaultNotificationLevel", req.DefaultNotificationLevel is null || NotificationLevels.Parse(req.DefaultNotificationLevel) is NotificationLevel.All
            or NotificationLevel.Mentions or NotificationLevel.None ? null
            : "defaultNotificationLevel must be \"all\", \"mentions\" or \"none\"."),
        ("customEmoji", req.CustomEmoji is null || CustomEmojiPolicies.Parse(req.CustomEmoji) is not null ? null
            : "customEmoji must be \"admins\" or \"everyone\"."));
}

/// <summary>Changes the run-time settings: one row, one audit entry, then every node drops its copy.</summary>
public sealed class ServerSettingsService(ParleyDb db, ServerSettingsStore store, TimeProvider clock)
{
    public async Task<ServerSettingsDto> GetAsync(Guid me, CancellationToken ct)
    {
        await Actors.RequireAsync(db, me, Permission.ManageServer, ct);
        return ServerSettingsDto.From(await store.GetAsync(ct));
    }

    /// <summary>The request's fields were checked already (<see cref="ServerSettingsRules"/>).</summary>
    public async Task<ServerSettingsDto> UpdateAsync(Guid me, UpdateServerSettingsRequest req, CancellationToken ct)
    {
        await Actors.RequireAsync(db, me, Permission.ManageServer, ct);
        var row = await db.ServerSettings.FirstOrDefaultAsync(s => s.Id == 1, ct);
        if (row is null) db.ServerSettings.Add(row = new ServerSettings { Id = 1 });
        var before = store.Merge(row);

        if (req.Name is not null) row.Name = req.Name.Trim();
        if (RegistrationModes.Parse(req.RegistrationMode) is { } mode) row.RegistrationMode = mode;
        if (req.MaxUploadBytes is { } upload) row.MaxUploadBytes = upload;
        if (req.MaxMessageLength is { } length) row.MaxMessageLength = length;
        if (NotificationLevels.Parse(req.DefaultNotificationLevel) is { } level) row.DefaultNotificationLevel = level;
        if (CustomEmojiPolicies.Parse(req.CustomEmoji) is { } emoji) row.CustomEmoji = emoji;
        if (req.RequireTwoFactor is { } require) row.RequireTwoFactor = require;
        if (req.RequireEmailVerification is { } verify) row.RequireEmailVerification = verify;
        var after = store.Merge(row);
        if (after == before) return ServerSettingsDto.From(after);   // nothing changed: nothing to record

        var (from, to) = (ServerSettingsDto.From(before), ServerSettingsDto.From(after));
        var changed = new Dictionary<string, object>();
        if (from.Name != to.Name) changed["name"] = new { from = from.Name, to = to.Name };
        if (from.RegistrationMode != to.RegistrationMode) changed["registrationMode"] = new { from = from.RegistrationMode, to = to.RegistrationMode };
        if (from.MaxUploadBytes != to.MaxUploadBytes) changed["maxUploadBytes"] = new { from = from.MaxUploadBytes, to = to.MaxUploadBytes };
        if (from.MaxMessageLength != to.MaxMessageLength) changed["maxMessageLength"] = new { from = from.MaxMessageLength, to = to.MaxMessageLength };
        if (from.DefaultNotificationLevel != to.DefaultNotificationLevel)
            changed["defaultNotificationLevel"] = new { from = from.DefaultNotificationLevel, to = to.DefaultNotificationLevel };
        if (from.CustomEmoji != to.CustomEmoji) changed["customEmoji"] = new { from = from.CustomEmoji, to = to.CustomEmoji };
        if (from.RequireTwoFactor != to.RequireTwoFactor) changed["requireTwoFactor"] = new { from = from.RequireTwoFactor, to = to.RequireTwoFactor };
        if (from.RequireEmailVerification != to.RequireEmailVerification)
            changed["requireEmailVerification"] = new { from = from.RequireEmailVerification, to = to.RequireEmailVerification };

        var now = clock.GetUtcNow().UtcDateTime;
        row.UpdatedAt = now;
        row.UpdatedById = me;
        AuditLog.Record(db, now, me, "server.settings", details: changed);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            throw new ParleyError(409, "Another admin changed the settings at the same moment. Try again.", code: ErrorCodes.Conflict);
        }
        await store.ChangedAsync();
        return to;
    }
}
