using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Server.Accounts;
using Parley.Server.Infrastructure;

namespace Parley.Server.Notifications;

public sealed record PushKeys(string? P256dh, string? Auth);
/// <summary>The browser's PushSubscription.toJSON(): endpoint and keys.</summary>
public sealed record PushSubscribeRequest(string? Endpoint, PushKeys? Keys);
public sealed record PushUnsubscribeRequest(string? Endpoint);
public sealed record VapidPublicKeyDto(string PublicKey);
public sealed record PushSubscriptionDto(Guid Id, string Endpoint, DateTime CreatedAt);

/// <summary>/api/push: the VAPID key, and this browser's subscription over <see cref="PushSubscriptionService"/>.</summary>
public static class PushApi
{
    public static void MapPush(this IEndpointRouteBuilder app)
    {
        var queue = app.ServiceProvider.GetRequiredService<PushQueue>();
        app.ServiceProvider.GetRequiredService<ParleyMetrics>().ObserveGauge("parley.push.queue.depth", () => queue.Depth, "{notification}",
            "Push notifications waiting to be sent.");
        var push = app.MapGroup("/api/push").WithTags("Push").RequireAuthorization();
        push.MapGet("/key", async (VapidKeyStore keys, CancellationToken ct) => TypedResults.Ok(new VapidPublicKeyDto((await keys.GetAsync(ct)).PublicKeyBase64Url)))
            .WithName("GetVapidPublicKey").WithSummary("The server's VAPID public key: applicationServerKey for pushManager.subscribe().");
        push.MapPost("/subscriptions", Subscribe).WithName("Subscribe").WithSummary("Register this browser for Web Push (the PushSubscription's JSON).");
        push.MapPost("/subscriptions/remove", Unsubscribe).WithName("Unsubscribe").WithSummary("Forget this browser's subscription.");
    }

    private static async Task<Results<Created<PushSubscriptionDto>, Ok<PushSubscriptionDto>>> Subscribe(PushSubscribeRequest req, HttpContext http,
        PushSubscriptionService subscriptions, CancellationToken ct)
    {
        var (sub, created) = await subscriptions.SubscribeAsync(http.User.UserId(), req, ct);
        return created ? TypedResults.Created($"/api/push/subscriptions/{sub.Id}", sub) : TypedResults.Ok(sub);
    }

    private static async Task<NoContent> Unsubscribe(PushUnsubscribeRequest req, HttpContext http, PushSubscriptionService subscriptions, CancellationToken ct)
    {
        await subscriptions.UnsubscribeAsync(http.User.UserId(), req, ct);
        return TypedResults.NoContent();
    }
}
