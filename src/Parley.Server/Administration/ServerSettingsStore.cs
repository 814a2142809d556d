using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Server.Cluster;
using Parley.Server.CustomEmoji;
using Parley.Server.Data;
using Parley.Server.Files;
using Parley.Server.Infrastructure;
using Parley.Server.Rooms;

namespace Parley.Server.Administration;

/// <summary>The settings in force: each admin-set value, or the appsettings default where none was set.</summary>
public sealed record CurrentServerSettings(string Name, RegistrationMode RegistrationMode, long MaxUploadBytes, int MaxMessageLength,
    NotificationLevel DefaultNotificationLevel, CustomEmojiPolicy CustomEmoji, bool RequireTwoFactor = false);

/// <summary>
/// The run-time server settings, read on hot paths (every send checks the length): kept in memory, loaded once, and
/// dropped on every node through <see cref="ClusterBus"/> when an admin changes them, so the next read sees the change.
/// </summary>
public sealed class ServerSettingsStore
{
    /// <summary>Every node forgets its copy.</summary>
    public sealed record Changed;

    private readonly IDbContextFactory<ParleyDb> _contexts;
    private readonly ClusterBus _bus;
    private readonly CurrentServerSettings _defaults;
    private volatile CurrentServerSettings? _current;
    private long _version;

    public ServerSettingsStore(IDbContextFactory<ParleyDb> contexts, ClusterBus bus, IOptions<ServerOptions> server, IOptions<MessagingOptions> messages,
        IOptions<FilesOptions> files)
    {
        _contexts = contexts;
        _bus = bus;
        _defaults = new(server.Value.Name, RegistrationModes.Parse(server.Value.RegistrationMode) ?? RegistrationMode.Open, files.Value.MaxFileBytes,
            messages.Value.MaxLength, NotificationLevels.Parse(server.Value.DefaultNotificationLevel) ?? NotificationLevel.Mentions,
            CustomEmojiPolicies.Parse(server.Value.CustomEmoji) ?? CustomEmojiPolicy.Admins, server.Value.RequireTwoFactor);
        bus.On<Changed>(_ => { DropHere(); return Task.CompletedTask; });
        bus.On<ClusterResync>(_ => { DropHere(); return Task.CompletedTask; });
    }

    /// <summary>The appsettings values, what a setting nobody changed follows.</summary>
    public CurrentServerSettings Defaults => _defaults;

    /// <summary>From memory when loaded (no allocation, no query); otherwise one query.</summary>
    public ValueTask<CurrentServerSettings> GetAsync(CancellationToken ct = default) =>
        _current is { } current ? ValueTask.FromResult(current) : new(LoadAsync(ct));

    private async Task<CurrentServerSettings> LoadAsync(CancellationToken ct)
    {
        var version = Interlocked.Read(ref _version);
        await using var db = await _contexts.CreateDbContextAsync(ct);
        var row = await db.ServerSettings.AsNoTracking().FirstOrDefaultAsync(s => s.Id == 1, ct);
        var loaded = Merge(row);
        // A change that landed while this was read must not be overwritten by the older answer.
        if (Interlocked.Read(ref _version) == version) _current = loaded;
        return loaded;
    }

    public CurrentServerSettings Merge(ServerSettings? row) => row is null ? _defaults : new(
        row.Name ?? _defaults.Name,
        row.RegistrationMode ?? _defaults.RegistrationMode,
        row.MaxUploadBytes ?? _defaults.MaxUploadBytes,
        row.MaxMessageLength ?? _defaults.MaxMessageLength,
        row.DefaultNotificationLevel ?? _defaults.DefaultNotificationLevel,
        row.CustomEmoji ?? _defaults.CustomEmoji,
        row.RequireTwoFactor ?? _defaults.RequireTwoFactor);

    /// <summary>Call after a change is committed: returns once every node has dropped its copy.</summary>
    public Task ChangedAsync() => _bus.PublishAsync(new Changed());

    private void DropHere()
    {
        Interlocked.Increment(ref _version);
        _current = null;
    }
}
