namespace Parley.Server.Administration;

public static class AdministrationSetup
{
    public static void AddParleyAdministration(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ServerOptions>().BindConfiguration("Parley:Server").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ServerSettingsStore>();
        builder.Services.AddScoped<ServerSettingsService>();
        builder.Services.AddScoped<RegistrationGate>();
        builder.Services.AddScoped<InviteLinks>();
        builder.Services.AddScoped<UserAdministration>();
        builder.Services.AddScoped<RoomAdministration>();
    }

    public static void MapAdministration(this IEndpointRouteBuilder app)
    {
        app.MapServerSettings();
        app.MapInviteLinks();
        app.MapAdminUsers();
        app.MapAdminRooms();
    }
}
