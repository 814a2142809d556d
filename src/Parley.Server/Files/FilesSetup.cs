using Microsoft.Extensions.Options;

namespace Parley.Server.Files;

public static class FilesSetup
{
    public static void AddParleyFiles(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<FilesOptions>().BindConfiguration("Parley:Files").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IFileStore>(sp =>
            sp.GetRequiredService<IOptions<FilesOptions>>().Value.Storage == "s3"
                ? ActivatorUtilities.CreateInstance<S3FileStore>(sp)
                : ActivatorUtilities.CreateInstance<LocalFileStore>(sp));
        builder.Services.AddScoped<FileIntake>();
        builder.Services.AddScoped<FileAuthorization>();
        builder.Services.AddSingleton<FileSweeper>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<FileSweeper>());
    }

    public static void MapParleyFiles(this IEndpointRouteBuilder app)
    {
        app.MapFiles();
        app.MapPictures();
    }
}
