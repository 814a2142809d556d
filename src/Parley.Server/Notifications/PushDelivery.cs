using System.Buffers.Text;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Server.Data;

namespace Parley.Server.Notifications;

/// <summary>
/// Sends one encrypted message to one device's push service (RFC 8030), retrying with backoff while the service is
/// busy or failing, and forgetting the subscription when the service says it is gone (404/410).
/// </summary>
public sealed class PushDelivery(IServiceScopeFactory scopes, VapidKeyStore vapid, IOptions<PushOptions> options, TimeProvider clock,
    ILogger<PushDelivery> log) : IDisposable
{
    private readonly HttpClient _http = new(PushEndpointGuard.Handler(options.Value.AllowPrivateEndpoints)) { Timeout = TimeSpan.FromSeconds(30) };

    public enum Outcome { Delivered, Gone, Refused, GaveUp }

    public async Task<Outcome> SendAsync(PushSubscription sub, ReadOnlyMemory<byte> payload, CancellationToken ct)
    {
        var o = options.Value;
        if (!PushEndpointGuard.IsAcceptableUrl(sub.Endpoint, o.AllowPrivateEndpoints, out var endpoint)) return Outcome.Refused;
        var key = await vapid.GetAsync(ct);
        var body = WebPushEncryption.Encrypt(Base64Url.DecodeFromChars(sub.P256dh), Base64Url.DecodeFromChars(sub.Auth), payload.Span);
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan? wait = null;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
                request.Headers.TryAddWithoutValidation("Authorization", key.AuthorizationFor(endpoint!, o.Subject, clock.GetUtcNow()));
                request.Headers.Add("TTL", o.TtlSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
                request.Headers.Add("Urgency", "high");
                request.Content.Headers.ContentType = new("application/octet-stream");
                request.Content.Headers.ContentEncoding.Add("aes128gcm");
                using var response = await _http.SendAsync(request, ct);
                var status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    await UpdateAsync(sub.Id, remove: false, ct);
                    return Outcome.Delivered;
                }
                if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
                {
                    await UpdateAsync(sub.Id, remove: true, ct);
                    log.LogInformation("Push subscription {Id} expired ({Status}); removed", sub.Id, status);
                    return Outcome.Gone;
                }
                if (status != 429 && status < 500)
                {
                    log.LogWarning("Push service {Host} refused a message with {Status}", endpoint!.Host, status);
                    return Outcome.Refused;
                }
                wait = response.Headers.RetryAfter?.Delta
                    ?? (response.Headers.RetryAfter?.Date is { } at ? at - clock.GetUtcNow() : null);
                log.LogInformation("Push service {Host} answered {Status} (try {Attempt})", endpoint!.Host, status, attempt);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                log.LogInformation("Push to {Host} failed (try {Attempt}): {Reason}", endpoint!.Host, attempt, e.Message);
            }
            if (attempt >= o.MaxAttempts)
            {
                log.LogWarning("Push to {Host} given up after {Attempts} tries", endpoint!.Host, attempt);
                return Outcome.GaveUp;
            }
            var backoff = TimeSpan.FromMilliseconds(o.RetryDelayMs * Math.Pow(2, attempt - 1));
            var delay = wait is { } w && w > backoff ? w : backoff;
            await Task.Delay(delay < TimeSpan.FromMinutes(10) ? delay : TimeSpan.FromMinutes(10), clock, ct);
        }
    }

    private async Task UpdateAsync(Guid id, bool remove, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
        var rows = db.PushSubscriptions.Where(s => s.Id == id);
        if (remove) await rows.ExecuteDeleteAsync(ct);
        else
        {
            var now = clock.GetUtcNow().UtcDateTime;
            await rows.ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSuccessAt, now), ct);
        }
    }

    public void Dispose() => _http.Dispose();
}
