using Microsoft.Extensions.Options;
using Parley.Server.Email;
using Parley.Server.Infrastructure;

namespace Parley.Server.Accounts;

/// <summary>
/// The server setting requireEmailVerification, in force only while e-mail is set up: sign-up then needs an address,
/// and an account whose address is not verified can't sign in. Accounts with no address at all (made before the
/// setting) may sign in; the client asks them to add one.
/// </summary>
public sealed class EmailVerificationGate(IOptions<EmailOptions> email, Administration.ServerSettingsStore settings)
{
    public async Task<bool> RequiredAsync(CancellationToken ct = default) =>
        email.Value.Enabled && (await settings.GetAsync(ct)).RequireEmailVerification;

    public async Task RequireVerifiedAsync(User user, CancellationToken ct = default)
    {
        if (user.Email is not null && !user.EmailConfirmed && await RequiredAsync(ct))
            throw new ParleyError(403, "Verify your e-mail address first: open the link we mailed you, or ask for a new one.", code: ErrorCodes.EmailUnverified);
    }
}
