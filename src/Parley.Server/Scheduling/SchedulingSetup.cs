namespace Parley.Server.Scheduling;

public static class SchedulingSetup
{
    public static void AddParleyScheduling(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ScheduledMessageService>();
        builder.Services.AddSingleton<ScheduledDispatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ScheduledDispatcher>());
    }
}
