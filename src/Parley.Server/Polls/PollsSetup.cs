namespace Parley.Server.Polls;

public static class PollsSetup
{
    public static void AddParleyPolls(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<PollService>();
        builder.Services.AddSingleton<PollSweeper>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PollSweeper>());
    }
}
