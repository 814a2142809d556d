namespace Parley.Server.Previews;

public static class PreviewsSetup
{
    public static void AddParleyPreviews(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PreviewsOptions>().BindConfiguration("Parley:Previews").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IHostResolver, DnsHostResolver>();
        builder.Services.AddSingleton<SafeFetcher>();
        builder.Services.AddSingleton<PreviewCache>();
        builder.Services.AddSingleton<PreviewQueue>();
        builder.Services.AddScoped<PreviewService>();
        builder.Services.AddSingleton<PreviewSweeper>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PreviewQueue>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PreviewSweeper>());
    }
}
