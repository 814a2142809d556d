using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Parley.Server.Data;
using Parley.Server.Infrastructure;
using Parley.Server.Moderation;

namespace Parley.Server.Administration;

/// <summary>
/// Who may sign up, by the server's registration mode: anyone (open), holders of a valid invite link (invite), or
/// nobody but admins creating accounts (closed). A server without an owner yet always lets the first account in: it
/// becomes the owner, and without it nobody could ever open registration.
/// </summary>
public sealed class RegistrationGate(ParleyDb db, ServerSettingsStore settings, InviteLinks invites)
{
    /// <summary>
    /// Null when nothing needs holding; with an invite, the transaction that has taken one of its uses: commit it
    /// with the new account (disposed uncommitted, the use is given back). 403 registration_closed otherwise.
    /// </summary>
    public async Task<IDbContextTransaction?> AdmitAsync(string? inviteToken, CancellationToken ct)
    {
        var mode = (await settings.GetAsync(ct)).RegistrationMode;
        if (mode == RegistrationMode.Open) return null;
        if (!await db.Users.AnyAsync(u => u.ServerRole == ServerRole.Owner, ct)) return null;
        if (mode == RegistrationMode.Closed)
            throw ParleyError.Forbidden("Registration is closed on this server: ask an admin for an account.", ErrorCodes.RegistrationClosed);
        if (string.IsNullOrWhiteSpace(inviteToken))
            throw ParleyError.Forbidden("This server needs an invite link to register.", ErrorCodes.RegistrationClosed);

        var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            if (!await invites.TryUseAsync(inviteToken, ct))
                throw ParleyError.Forbidden("This invite link is not valid: it expired, was used up or was revoked.", ErrorCodes.RegistrationClosed);
            return tx;
        }
        catch
        {
            await tx.DisposeAsync();
            throw;
        }
    }
}
