using System.Buffers.Text;
using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;

namespace Parley.Server.Notifications;

/// <summary>Loads the VAPID key from the database, making it on first use; nodes starting together agree on one.</summary>
public sealed class VapidKeyStore(IServiceScopeFactory scopes, TimeProvider clock) : IDisposable
{
    private const string Name = "vapid_p256_private";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private VapidKey? _key;

    public async Task<VapidKey> GetAsync(CancellationToken ct = default)
    {
        if (_key is { } known) return known;
        await _gate.WaitAsync(ct);
        try
        {
            if (_key is { } again) return again;
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
            var stored = await db.ServerSecrets.AsNoTracking().FirstOrDefaultAsync(s => s.Name == Name, ct);
            if (stored is null)
            {
                db.ServerSecrets.Add(new ServerSecret { Name = Name, Value = Base64Url.EncodeToString(VapidKey.NewPrivateScalar()), CreatedAt = clock.GetUtcNow().UtcDateTime });
                try { await db.SaveChangesAsync(ct); }
                catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e)) { db.ChangeTracker.Clear(); } // another node made it first
                stored = await db.ServerSecrets.AsNoTracking().FirstAsync(s => s.Name == Name, ct);
            }
            return _key = new VapidKey(Base64Url.DecodeFromChars(stored.Value));
        }
        finally { _gate.Release(); }
    }

    public void Dispose()
    {
        _key?.Dispose();
        _gate.Dispose();
    }
}
