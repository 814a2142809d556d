namespace Parley.Server.Email;

/// <summary>
/// One mail to one address. Kind names it in logs ("verify", "reset", "sign-in"): logs never carry the body, which
/// may hold a one-time link.
/// </summary>
public sealed record OutgoingMail(string To, string Subject, string Text, string Html, string Kind);
