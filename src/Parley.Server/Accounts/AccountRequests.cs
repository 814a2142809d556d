namespace Parley.Server.Accounts;

/// <summary>inviteToken: the token of an invite link, needed while registration is by invite; email: optional (required while the server asks for a verified address).</summary>
public sealed record RegisterRequest(string? UserName, string? Password, string? DisplayName, string? InviteToken = null, string? Email = null);
public sealed record LoginRequest(string? UserName, string? Password);
public sealed record RefreshRequest(string? RefreshToken);
/// <summary>statusExpiresAt goes with statusText: a new status without it never expires.</summary>
public sealed record UpdateMeRequest(string? DisplayName, string? StatusText, string? Bio, string? TimeZone, DateTime? StatusExpiresAt = null);
public sealed record DeactivateRequest(string? Password);
