using Parley.Server.Accounts;

namespace Parley.Server.Email;

public static class EmailSetup
{
    /// <summary>Mail sending (Parley:Email) and the account flows that mail: verification, password reset, the new sign-in notice.</summary>
    public static void AddParleyEmail(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<EmailOptions>().BindConfiguration("Parley:Email").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IMailSender, SmtpMailSender>();
        services.AddSingleton<MailQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<MailQueue>());
        services.AddSingleton<MailLinks>();
        services.AddSingleton<EmailTokens>();
        services.AddScoped<EmailVerificationGate>();
        services.AddScoped<EmailAddressService>();
        services.AddScoped<PasswordResetService>();
        services.AddScoped<ISignInObserver, SignInNotice>();
    }
}
