using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;

namespace Parley.Server.Accounts;

/// <summary>
/// Keeps a session's "last active" and address roughly current without a write per request: each node writes a
/// session's row at most once per <see cref="Every"/> (it remembers when it last did; the row is the truth, and
/// another node may write it too, which only makes it fresher). Token refreshes always write.
/// </summary>
public sealed class SessionActivity(IDbContextFactory<ParleyDb> contexts, TimeProvider clock, ILogger<SessionActivity> log)
{
    public static readonly TimeSpan Every = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, DateTime> _written = new();

    /// <summary>An authorized request or hub connect of the session: written when this node hasn't for a while.</summary>
    public Task SeenAsync(string? sessionId, string? address, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(sessionId)) return Task.CompletedTask;
        var now = clock.GetUtcNow().UtcDateTime;
        if (_written.TryGetValue(sessionId, out var last) && now - last < Every) return Task.CompletedTask;
        return WriteAsync(sessionId, address, now, ct);
    }

    /// <summary>A refresh token was traded for the session: always written.</summary>
    public Task RefreshedAsync(string sessionId, string? address, CancellationToken ct = default) =>
        WriteAsync(sessionId, address, clock.GetUtcNow().UtcDateTime, ct);

    private async Task WriteAsync(string sessionId, string? address, DateTime now, CancellationToken ct)
    {
        _written[sessionId] = now;
        if (_written.Count > 10_000) Forget(now);
        var at = UserSessionRecorder.Cut(address ?? "", UserSession.MaxAddress);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            await db.UserSessions.Where(s => s.SessionId == sessionId && s.EndedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastActiveAt, now).SetProperty(x => x.Address, x => at == "" ? x.Address : at), ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // Only the list's freshness is at stake: the request goes on.
            log.LogWarning(e, "Recording a session's activity failed");
        }
    }

    /// <summary>Sessions not written for a while would be written on their next request anyway: their entries can go.</summary>
    private void Forget(DateTime now)
    {
        foreach (var (id, at) in _written)
            if (now - at >= Every) _written.TryRemove(id, out _);
    }
}
