using System.ComponentModel.DataAnnotations;

namespace Parley.Server.Infrastructure;

/// <summary>Parley:Database. The connection string is ConnectionStrings:Parley.</summary>
public sealed class DatabaseOptions
{
    /// <summary>"sqlite" (default, a file under data/) or "postgres".</summary>
    [RegularExpression("^(sqlite|postgres)$", ErrorMessage = "Parley:Database:Provider must be sqlite or postgres.")]
    public string Provider { get; set; } = "sqlite";

    /// <summary>
    /// PostgreSQL: how many group-commit writers store new messages at once (rooms are spread over them; one room always
    /// goes to the same one). One makes the largest batches, so the fewest round trips and commits per message: on the
    /// benchmark machine (PostgreSQL sharing the server's core) it cost half what four did (docs/benchmarks.md). More
    /// may pay where PostgreSQL has cores of its own and far more rooms are busy at once. SQLite always has one.
    /// </summary>
    [Range(1, 64)] public int Writers { get; set; } = 1;

    /// <summary>
    /// EF Core's check that a context is never used by two operations at once. Off by default: it sets an AsyncLocal on
    /// entering and leaving every row read, 11 % of what a history page allocated (docs/benchmarks.md). It finds
    /// programming errors, not bad input, so the test suites turn it on.
    /// </summary>
    public bool ThreadSafetyChecks { get; set; }
}

/// <summary>Parley:Messages.</summary>
public sealed class MessagingOptions
{
    [Range(1, 100_000)] public int MaxLength { get; set; } = 4000;
    /// <summary>Above this many changes since a client's rev, catch-up answers resyncRequired instead of a replay.</summary>
    [Range(1, 1_000_000)] public int MaxReplayChanges { get; set; } = 5000;
    /// <summary>Rooms with more members than this follow the owner's rule on who may use @here and @room.</summary>
    [Range(0, 1_000_000)] public int LargeRoomMembers { get; set; } = 10;
}

/// <summary>Parley:RateLimits. Raise these for load generators and bots.</summary>
public sealed class RateLimitOptions
{
    /// <summary>Steady sends (and edits, deletes, reactions) per user per second.</summary>
    [Range(1, 1_000_000)] public int SendPerSecond { get; set; } = 5;
    /// <summary>How many a user may send at once before the steady rate applies.</summary>
    [Range(1, 1_000_000)] public int SendBurst { get; set; } = 20;
    /// <summary>Hub calls of any kind (typing, read marks, sync …) per user per second, once the burst is spent.</summary>
    [Range(1, 1_000_000)] public int CallsPerSecond { get; set; } = 20;
    [Range(1, 1_000_000)] public int CallBurst { get; set; } = 100;
    /// <summary>Register, login, refresh and close-account attempts per client address per minute.</summary>
    [Range(1, 1_000_000)] public int AuthPerMinute { get; set; } = 20;
    /// <summary>File uploads (attachments, avatars, room icons) per user per minute.</summary>
    [Range(1, 1_000_000)] public int UploadsPerMinute { get; set; } = 60;
    /// <summary>Friend requests a user may send per hour (spam control).</summary>
    [Range(1, 1_000_000)] public int FriendRequestsPerHour { get; set; } = 30;
}

/// <summary>Parley:Hub.</summary>
public sealed class RealtimeOptions
{
    /// <summary>Browser origins allowed to open the hub besides the server's own (e.g. a dev server).</summary>
    public string[] AllowedOrigins { get; set; } = [];
    [Range(1024, 16 * 1024 * 1024)] public int MaxMessageBytes { get; set; } = 64 * 1024;
    [Range(1, 300)] public int KeepAliveSeconds { get; set; } = 15;
    [Range(2, 600)] public int ClientTimeoutSeconds { get; set; } = 30;
    /// <summary>How often a long-lived connection's sign-in is checked again (logout or a closed account on any node).</summary>
    [Range(1, 3600)] public int SessionRecheckSeconds { get; set; } = 30;
    /// <summary>
    /// Bytes a connection may have waiting to be sent before its client counts as too far behind and is dropped
    /// (it reconnects and catches up by rev). Bursts to a healthy client stay far below it.
    /// </summary>
    [Range(64 * 1024, 256 * 1024 * 1024)] public int MaxQueuedBytes { get; set; } = 1024 * 1024;
    /// <summary>Hub connections one account may hold open at once (tabs, devices, bots).</summary>
    [Range(1, 10_000)] public int MaxConnectionsPerUser { get; set; } = 32;
    /// <summary>
    /// Messages one Sync answer carries at most, over all its rooms; rooms past it answer "more" with none, and the client
    /// pages them over REST. Without it a return after days away was one reply of many MB, which a slow link could not
    /// take in time: dropped, the client asked for the same reply again (BoundedOutput).
    /// </summary>
    [Range(1, 100_000)] public int SyncMessages { get; set; } = 1000;
}

/// <summary>Parley:Proxy. Behind a reverse proxy, whose X-Forwarded-* headers to believe.</summary>
public sealed class ProxyOptions
{
    /// <summary>Addresses of trusted proxies (e.g. "127.0.0.1"). Empty: forwarded headers are ignored.</summary>
    public string[] KnownProxies { get; set; } = [];
}

/// <summary>Parley:Auth.</summary>
public sealed class AuthOptions
{
    [Range(1, 24 * 60)] public int AccessTokenMinutes { get; set; } = 15;
    [Range(1, 365)] public int RefreshTokenDays { get; set; } = 14;
    [Range(1, 100)] public int MaxFailedLogins { get; set; } = 5;
    [Range(1, 24 * 60)] public int LockoutMinutes { get; set; } = 5;
    /// <summary>
    /// PBKDF2-HMAC-SHA512 iterations for new password hashes: OWASP's 210,000 by default. Existing hashes keep theirs.
    /// Only load generators and test suites, which create thousands of accounts, should lower it.
    /// </summary>
    [Range(1_000, 10_000_000)] public int PasswordIterations { get; set; } = 210_000;
    /// <summary>The least zxcvbn score (0-4) a new password needs (Accounts/PasswordStrength.cs); 0 turns the check off.</summary>
    [Range(0, 4)] public int MinPasswordScore { get; set; } = 3;
}

/// <summary>Parley:Metrics. The Prometheus endpoint, served only on its own listener (docs/api.md, Metrics).</summary>
public sealed class MetricsOptions
{
    public bool Enabled { get; set; } = true;
    /// <summary>
    /// Where GET /metrics is served, separated by ';' (as ASP.NET Core's urls). Each needs a port of its own: only
    /// connections that arrive on these ports reach the endpoint, and they reach nothing else.
    /// </summary>
    public string Urls { get; set; } = "http://127.0.0.1:9464";
    /// <summary>When set, a scrape must send "Authorization: Bearer &lt;token&gt;". Set it if Urls is not a loopback address.</summary>
    public string? Token { get; set; }
}

/// <summary>Parley:Node.</summary>
public sealed class NodeOptions
{
    /// <summary>Names this node in every log line, in /healthz and in the metrics. Default: the machine's name and listening port.</summary>
    public string? Name { get; set; }
}
