namespace Parley.Server.Accounts;

public sealed record ChangeEmailRequest(string? Email, string? Password);
public sealed record VerifyEmailRequest(string? Token);
/// <summary>For an account whose sign-in is refused until its address is verified: the password proves it is theirs.</summary>
public sealed record ResendVerificationRequest(string? UserName, string? Password);
/// <summary>login: a user name or an e-mail address.</summary>
public sealed record ForgotPasswordRequest(string? Login);
public sealed record ResetPasswordRequest(string? Token, string? NewPassword);
