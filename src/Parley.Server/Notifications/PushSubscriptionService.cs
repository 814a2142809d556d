using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Server.Data;
using Parley.Server.Infrastructure;

namespace Parley.Server.Notifications;

/// <summary>The browsers (devices) a person registered for Web Push: checked on the way in, at most a few per person.</summary>
public sealed class PushSubscriptionService(ParleyDb db, PushQueue queue, IOptions<PushOptions> options, TimeProvider clock)
{
    public const int MaxEndpointLength = 2048;

    /// <summary>Registers this browser; Created is false when the endpoint was known and now belongs to <paramref name="me"/>.</summary>
    public async Task<(PushSubscriptionDto Subscription, bool Created)> SubscribeAsync(Guid me, PushSubscribeRequest req, CancellationToken ct = default)
    {
        queue.SubscriptionAdded();
        var endpoint = req.Endpoint?.Trim() ?? "";
        if (endpoint.Length is 0 or > MaxEndpointLength || !PushEndpointGuard.IsAcceptableUrl(endpoint, options.Value.AllowPrivateEndpoints, out _))
            throw ParleyError.Invalid("endpoint", "endpoint must be the https URL of a push service (at most 2048 characters).");
        if (!TryDecode(req.Keys?.P256dh, 65, out var p256dh) || p256dh[0] != 0x04 || !IsOnCurve(p256dh))
            throw ParleyError.Invalid("keys.p256dh", "keys.p256dh must be a base64url P-256 public key (65 bytes, uncompressed).");
        if (!TryDecode(req.Keys?.Auth, 16, out _))
            throw ParleyError.Invalid("keys.auth", "keys.auth must be a base64url 16-byte secret.");

        var now = clock.GetUtcNow().UtcDateTime;
        var existing = await db.PushSubscriptions.FirstOrDefaultAsync(s => s.Endpoint == endpoint, ct);
        if (existing is not null)
        {
            // The same browser again (perhaps signed in as someone else now): it belongs to whoever registers it last.
            existing.UserId = me;
            existing.P256dh = req.Keys!.P256dh!;
            existing.Auth = req.Keys.Auth!;
            await db.SaveChangesAsync(ct);
            return (new PushSubscriptionDto(existing.Id, existing.Endpoint, existing.CreatedAt), false);
        }
        var sub = new PushSubscription { Id = Guid.NewGuid(), UserId = me, Endpoint = endpoint, P256dh = req.Keys!.P256dh!, Auth = req.Keys.Auth!, CreatedAt = now };
        db.PushSubscriptions.Add(sub);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            throw ParleyError.Conflict("endpoint", "This endpoint was registered at the same moment; send it again.");
        }
        // Devices come and go without saying so: past the limit, the oldest registrations make room.
        var max = options.Value.MaxSubscriptionsPerUser;
        var stale = await db.PushSubscriptions.Where(s => s.UserId == me).OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id)
            .Skip(max).Select(s => s.Id).ToListAsync(ct);
        if (stale.Count > 0) await db.PushSubscriptions.Where(s => stale.Contains(s.Id)).ExecuteDeleteAsync(ct);
        return (new PushSubscriptionDto(sub.Id, sub.Endpoint, sub.CreatedAt), true);
    }

    /// <summary>Forgets this browser, if it is <paramref name="me"/>'s; nothing to forget is no error.</summary>
    public async Task UnsubscribeAsync(Guid me, PushUnsubscribeRequest req, CancellationToken ct = default)
    {
        var endpoint = req.Endpoint?.Trim() ?? "";
        if (endpoint.Length == 0) throw ParleyError.Invalid("endpoint", "endpoint is required.");
        await db.PushSubscriptions.Where(s => s.UserId == me && s.Endpoint == endpoint).ExecuteDeleteAsync(ct);
    }

    private static bool TryDecode(string? value, int length, out byte[] bytes)
    {
        bytes = [];
        if (string.IsNullOrEmpty(value) || value.Length > 200) return false;
        try { bytes = Base64Url.DecodeFromChars(value.TrimEnd('=')); }
        catch (FormatException) { return false; }
        return bytes.Length == length;
    }

    private static bool IsOnCurve(byte[] point)
    {
        try
        {
            using var key = ECDiffieHellman.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = point[1..33], Y = point[33..] },
            });
            return true;
        }
        catch (CryptographicException) { return false; }
    }
}
