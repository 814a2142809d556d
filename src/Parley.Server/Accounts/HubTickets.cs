using System.Buffers.Binary;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Server.Data;
using Parley.Server.Infrastructure;

namespace Parley.Server.Accounts;

/// <summary>
/// Connect tickets: a signed-in client trades its credentials for a short, single-use ticket to put in the hub URL
/// instead of its access token. Kestrel keeps a connection's request target (and the parsed query) for the connection's
/// life, so a ticket of under 300 characters in place of a ~770-character token saves 2–3 KiB per idle connection.
/// A ticket carries what the session check needs (user, session, security stamp) and when the credentials it was
/// traded for expire, protected with the shared data-protection keys (any node can read it); redeeming records its id
/// in the revoked-sessions table, whose primary key lets only one redemption win on any node and provider.
/// </summary>
public sealed class HubTickets(IDataProtectionProvider protection, IDbContextFactory<ParleyDb> contexts, TimeProvider clock,
    IOptions<IdentityOptions> identity)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private const byte Version = 1;
    private const string UsedPrefix = "ticket:";
    private readonly IDataProtector _protector = protection.CreateProtector("Parley.HubTicket.v1");

    public sealed record Issued(string Ticket, DateTimeOffset ExpiresAt);

    /// <summary>A ticket for this signed-in user; <paramref name="credentialsExpire"/> ends the hub connection, as the token would.</summary>
    public Issued Issue(ClaimsPrincipal user, DateTimeOffset? credentialsExpire)
    {
        var expires = clock.GetUtcNow() + Lifetime;
        var name = Encoding.UTF8.GetBytes(user.FindFirstValue(identity.Value.ClaimsIdentity.UserNameClaimType) ?? "");
        var session = Encoding.UTF8.GetBytes(user.SessionId() ?? "");
        var stamp = Encoding.UTF8.GetBytes(user.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType) ?? "");
        if (name.Length > 255 || session.Length > 255 || stamp.Length > 255) throw new ParleyError(400, "This sign-in can't be carried by a connect ticket: use the access token.", code: "ticket_unavailable");
        var payload = new byte[1 + 16 + 8 + 16 + 8 + 3 + name.Length + session.Length + stamp.Length];
        var w = payload.AsSpan();
        w[0] = Version;
        RandomNumberGenerator.Fill(w.Slice(1, 16));
        BinaryPrimitives.WriteInt64LittleEndian(w.Slice(17, 8), expires.ToUnixTimeSeconds());
        user.UserId().TryWriteBytes(w.Slice(25, 16));
        BinaryPrimitives.WriteInt64LittleEndian(w.Slice(41, 8), credentialsExpire?.ToUnixTimeSeconds() ?? 0);
        var at = 49;
        foreach (var part in new[] { name, session, stamp })
        {
            w[at++] = (byte)part.Length;
            part.CopyTo(w[at..]);
            at += part.Length;
        }
        return new Issued(WebEncoders.Base64UrlEncode(_protector.Protect(payload)), expires);
    }

    /// <summary>The ticket's principal and its credentials' expiry, or null: forged, expired or already used.</summary>
    public async Task<(ClaimsPrincipal User, DateTimeOffset? Expires)?> RedeemAsync(string ticket, string scheme, CancellationToken ct)
    {
        byte[] payload;
        try { payload = _protector.Unprotect(WebEncoders.Base64UrlDecode(ticket)); }
        catch (Exception e) when (e is CryptographicException or FormatException) { return null; }
        if (payload.Length < 52 || payload[0] != Version) return null;
        var now = clock.GetUtcNow();
        var expires = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64LittleEndian(payload.AsSpan(17, 8)));
        if (now >= expires) return null;
        var userId = new Guid(payload.AsSpan(25, 16));
        var credentials = BinaryPrimitives.ReadInt64LittleEndian(payload.AsSpan(41, 8));
        var at = 49;
        string Next()
        {
            var length = payload[at++];
            var s = Encoding.UTF8.GetString(payload, at, length);
            at += length;
            return s;
        }
        var (name, session, stamp) = (Next(), Next(), Next());

        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            var id = UsedPrefix + WebEncoders.Base64UrlEncode(payload, 1, 16);
            if (!await SessionRevocation.TryRevokeAsync(db, id, expires.UtcDateTime, now.UtcDateTime, ct)) return null;
        }
        var claims = identity.Value.ClaimsIdentity;
        var who = new ClaimsIdentity(scheme, claims.UserNameClaimType, claims.RoleClaimType);
        who.AddClaim(new Claim(claims.UserIdClaimType, userId.ToString()));
        if (name.Length > 0) who.AddClaim(new Claim(claims.UserNameClaimType, name));
        if (session.Length > 0) who.AddClaim(new Claim(AuthSetup.SessionClaim, session));
        if (stamp.Length > 0) who.AddClaim(new Claim(claims.SecurityStampClaimType, stamp));
        return (new ClaimsPrincipal(who), credentials == 0 ? null : DateTimeOffset.FromUnixTimeSeconds(credentials));
    }
}
