using Parley.Server.Data;

namespace Parley.Server.Accounts;

/// <summary>Adds the session list's row for each sign-in the door lets through.</summary>
public sealed class UserSessionRecorder(ParleyDb db) : ISignInObserver
{
    public async Task SignedInAsync(SignInRecord signIn, CancellationToken ct)
    {
        db.UserSessions.Add(new UserSession
        {
            SessionId = signIn.SessionId,
            UserId = signIn.User.Id,
            Method = Cut(signIn.Method, 64),
            Kind = signIn.Cookie ? UserSession.CookieKind : UserSession.BearerKind,
            CreatedAt = signIn.At,
            LastActiveAt = signIn.At,
            Address = Cut(signIn.Address ?? "", UserSession.MaxAddress),
            UserAgent = Cut(signIn.UserAgent, UserSession.MaxUserAgent),
        });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A user agent is the client's to choose: keep what fits the column.</summary>
    internal static string Cut(string value, int max) => value.Length <= max ? value : value[..max];
}
