using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Parley.Server.Email;

/// <summary>Sends through the SMTP server of Parley:Email, one connection per mail (mail is rare: sign-ups, resets, notices).</summary>
public sealed class SmtpMailSender(IOptions<EmailOptions> options) : IMailSender
{
    public async Task SendAsync(OutgoingMail mail, CancellationToken ct)
    {
        var o = options.Value;
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(o.From));
        message.To.Add(MailboxAddress.Parse(mail.To));
        message.Subject = mail.Subject;
        message.Body = new BodyBuilder { TextBody = mail.Text, HtmlBody = mail.Html }.ToMessageBody();

        using var smtp = new SmtpClient { Timeout = 30_000 };
        await smtp.ConnectAsync(o.Host, o.Port, o.Security switch
        {
            "none" => SecureSocketOptions.None,
            "starttls" => SecureSocketOptions.StartTls,
            "tls" => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.Auto,
        }, ct);
        if (o.UserName.Length > 0) await smtp.AuthenticateAsync(o.UserName, o.Password, ct);
        await smtp.SendAsync(message, ct);
        await smtp.DisconnectAsync(true, ct);
    }
}
