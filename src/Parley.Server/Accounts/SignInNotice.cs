using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Server.Data;
using Parley.Server.Email;

namespace Parley.Server.Accounts;

/// <summary>
/// Mails "New sign-in to your Parley account" to a verified address on each sign-in but the account's very first (the
/// one right after sign-up), unless the person turned the notice off (user setting signInNotice).
/// </summary>
public sealed class SignInNotice(ParleyDb db, IOptions<EmailOptions> email, MailQueue mail, Settings.SettingsStore settings,
    Administration.ServerSettingsStore server) : ISignInObserver
{
    private const int MaxUserAgent = 200;

    public async Task SignedInAsync(SignInRecord signIn, CancellationToken ct)
    {
        if (!email.Value.Enabled) return;
        var user = signIn.User;
        // One statement that only succeeds the first time, whichever node takes the sign-in.
        var first = await db.Users.Where(u => u.Id == user.Id && u.FirstSignInAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.FirstSignInAt, signIn.At), ct) == 1;
        if (first || !user.EmailConfirmed || user.Email is null) return;
        if (!(await settings.ForAsync(user.Id, ct)).SignInNotice) return;
        var agent = signIn.UserAgent.Length > MaxUserAgent ? signIn.UserAgent[..MaxUserAgent] + "…" : signIn.UserAgent;
        mail.Enqueue(AccountMails.SignInNotice(user.Email, user.DisplayName, (await server.GetAsync(ct)).Name, signIn.At, agent, signIn.Address));
    }
}
