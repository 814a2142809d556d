namespace Parley.Server.Email;

/// <summary>Hands one mail to the mail server; throws when it could not.</summary>
public interface IMailSender
{
    Task SendAsync(OutgoingMail mail, CancellationToken ct);
}
