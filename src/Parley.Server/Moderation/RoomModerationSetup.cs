namespace Parley.Server.Moderation;

public static class RoomModerationSetup
{
    public static void AddParleyRoomModeration(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<RoomModeration>();
        builder.Services.AddSingleton<SanctionSweeper>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SanctionSweeper>());
    }
}
