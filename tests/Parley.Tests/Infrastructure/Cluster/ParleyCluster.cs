using System.Net;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Parley.Server.Data;

namespace Parley.Tests.Infrastructure.Cluster;

/// <param name="Nodes">How many Parley processes.</param>
/// <param name="ConnectionString">The database all nodes share; null: a fresh database on the suite's PostgreSQL, dropped after.</param>
/// <param name="Balancer">HAProxy in front (deploy/haproxy.cfg); the clients of a test without it talk to the nodes directly.</param>
/// <param name="Redis">A Redis of the cluster's own (<see cref="ThrowawayRedis"/>) as Parley:Redis:Configuration: the backplane,
/// the cluster bus and presence.</param>
/// <param name="Settings">Configuration keys (Parley:…) for every node, over the test defaults.</param>
public sealed record ClusterOptions(int Nodes = 2, string? ConnectionString = null, bool Balancer = true, bool Redis = true,
    IReadOnlyDictionary<string, string?>? Settings = null);

/// <summary>
/// Several Parley nodes as real processes on loopback, sharing one PostgreSQL database, with HAProxy in front: the
/// deployment of docs/architecture.md, small. Users sign up and call through the balancer; hub clients reconnect and
/// catch up like the web client. Every process is killed on dispose, or by the <see cref="OrphanGuard"/> if the test
/// process dies first.
/// </summary>
public sealed class ParleyCluster : ITestServer, IAsyncDisposable
{
    private readonly string _dir;
    private readonly OrphanGuard _guard;
    private readonly string _connectionString;
    private readonly string? _database;
    private readonly List<ParleyNode> _nodes = [];
    private readonly List<(HubClient Hub, CookieContainer Cookies)> _clients = [];
    private bool _failed;

    private ParleyCluster(string dir, string connectionString, string? database)
    {
        _dir = dir;
        _guard = new OrphanGuard(dir);
        _connectionString = connectionString;
        _database = database;
    }

    public IReadOnlyList<ParleyNode> Nodes => _nodes;
    public LoadBalancer? Balancer { get; private set; }
    public ThrowawayRedis? Redis { get; private set; }

    /// <summary>Where users' REST calls go: the balancer, or the first node without one.</summary>
    public Uri Address => Balancer?.Address ?? _nodes[0].Address;

    public static async Task<ParleyCluster> StartAsync(ClusterOptions options)
    {
        var dir = Path.Combine(Path.GetTempPath(), "parley-tests", "cluster-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var (cs, db) = options.ConnectionString is { } given ? (given, null) : await CreateDatabaseAsync();
        var cluster = new ParleyCluster(dir, cs, db);
        try
        {
            await cluster.BootAsync(options);
            return cluster;
        }
        catch (Exception e)
        {
            var tails = cluster.Tails();
            await cluster.DisposeAsync();
            throw new InvalidOperationException($"The cluster did not start: {e.Message}\n{tails}", e);
        }
    }

    private async Task BootAsync(ClusterOptions options)
    {
        var settings = ParleyApp.TestSettings(_connectionString);
        settings["Parley:Database:Provider"] = "postgres";
        settings["Parley:Files:Path"] = Path.Combine(_dir, "files"); // a shared path, as several nodes need (or S3)
        // A dead node's users go offline within expiry + one beat: 4 s here instead of a minute.
        settings["Parley:Presence:HeartbeatSeconds"] = "1";
        settings["Parley:Presence:NodeExpirySeconds"] = "3";
        if (options.Redis)
        {
            Redis = await ThrowawayRedis.StartAsync();
            settings["Parley:Redis:Configuration"] = Redis.ConfigurationString;
        }
        foreach (var (k, v) in options.Settings ?? new Dictionary<string, string?>()) settings[k] = v;
        var environment = settings.ToDictionary(kv => kv.Key.Replace(":", "__"), kv => kv.Value);
        // With the time, so a node's log reads as a timeline next to the others (each line already names its node).
        environment["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ";
        // The runtime's default, which the server's build turns off for throughput: a node up in 3 s instead of 6. Without
        // call counting nothing is compiled a second time once warm (the browser tests' servers do the same).
        environment["DOTNET_TieredCompilation"] = "1";
        environment["DOTNET_TC_CallCounting"] = "0";
        environment["DOTNET_TieredPGO"] = "0";   // nor instrumented start-up code: 0.5 CPU-s less per start

        for (var i = 1; i <= options.Nodes; i++)
            _nodes.Add(new ParleyNode("node" + i, Path.Combine(_dir, "node" + i), environment, _guard));
        // All at once: the schema migrator takes turns on a PostgreSQL advisory lock, as a rolling deploy's nodes do.
        await Task.WhenAll(_nodes.Select(n => n.StartAsync()));
        if (!options.Balancer) return;
        Balancer = await LoadBalancer.StartAsync(Path.Combine(_dir, "haproxy"), _nodes, _guard);
        await Balancer.WaitUntilRoutingAsync(_nodes, TimeSpan.FromSeconds(20));
    }

    private static async Task<(string ConnectionString, string Database)> CreateDatabaseAsync()
    {
        var (cs, _, db) = await ParleyApp.CreateDatabaseAsync();
        if (db is null) throw new InvalidOperationException("A cluster needs PostgreSQL: set PARLEY_TEST_POSTGRES.");
        return (cs, db);
    }

    public ParleyNode Node(int number) => _nodes[number - 1];

    public HttpClient CreateHttpClient(string? accessToken = null)
    {
        var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        if (accessToken is not null) http.DefaultRequestHeaders.Authorization = new("Bearer", accessToken);
        return http;
    }

    public Task<TestUser> SignUpAsync(string? name = null) => TestUser.SignUpAsync(this, name);

    /// <summary>
    /// A hub client that reconnects and catches up like the web client, through the balancer; <paramref name="stickTo"/>
    /// sets the balancer's cookie first so it lands on that node (until the node is down: then HAProxy picks another).
    /// </summary>
    public async Task<HeldTimelines> ConnectAsync(TestUser user, ParleyNode? stickTo = null, Transport transport = Transport.WebSockets,
        bool reconnect = true, params Guid[] rooms)
    {
        var balancer = Balancer ?? throw new InvalidOperationException("This cluster has no balancer: connect to a node.");
        var cookies = new CookieContainer();
        if (stickTo is not null) cookies.Add(balancer.Address, new Cookie(LoadBalancer.StickinessCookie, stickTo.Name));
        return await HoldAsync(user, balancer.Address, transport, cookies, reconnect, rooms);
    }

    /// <summary>A reconnecting hub client on one node, bypassing the balancer.</summary>
    public Task<HeldTimelines> ConnectDirectAsync(TestUser user, ParleyNode node, params Guid[] rooms) =>
        HoldAsync(user, node.Address, Transport.WebSockets, new CookieContainer(), reconnect: true, rooms);

    private async Task<HeldTimelines> HoldAsync(TestUser user, Uri address, Transport transport, CookieContainer cookies, bool reconnect, Guid[] rooms)
    {
        var hub = await HubClient.ConnectAsync(address, user.AccessToken, transport, reconnect: reconnect, cookies: cookies);
        lock (_clients) _clients.Add((hub, cookies));
        var held = new HeldTimelines(hub, $"{user.UserName}@{NodeOf(hub) ?? address.Authority}");
        foreach (var room in rooms) await held.FollowAsync(room);
        return held;
    }

    /// <summary>The node the balancer's cookie names for this client now (null without a balancer).</summary>
    public string? NodeOf(HubClient hub)
    {
        if (Balancer is null) return null;
        lock (_clients)
            return _clients.Where(c => c.Hub == hub).Select(c => c.Cookies.GetCookies(Balancer.Address)[LoadBalancer.StickinessCookie]?.Value).FirstOrDefault();
    }

    /// <summary>
    /// Back to a whole cluster for the next test: the last test's clients gone, every node and Redis running, HAProxy
    /// routing to every node.
    /// </summary>
    public async Task HealAsync()
    {
        List<HubClient> clients;
        lock (_clients)
        {
            clients = _clients.Select(c => c.Hub).ToList();
            _clients.Clear();
        }
        await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
        if (Redis is not null) await Redis.StartServerAsync();
        await Task.WhenAll(_nodes.Select(n => n.StartAsync()));
        if (Balancer is null) return;
        try { await Balancer.WaitUntilRoutingAsync(_nodes, TimeSpan.FromSeconds(20)); }
        catch (TimeoutException)
        {
            // A node the last test left running but unready (that test failed on it) starts afresh, so the failure
            // stays that test's instead of every later one's.
            foreach (var node in _nodes)
                if (!await Balancer.RoutesToAsync(node.Name))
                {
                    // Said on this test's result, so a node that stays unready after a test that passed is not missed.
                    Xunit.TestContext.Current.AddWarning($"{node.Name} was running but not taken by HAProxy after the last test; restarted. Its last lines:\n{node.Tail(15)}");
                    await node.KillAsync();
                    await node.StartAsync();
                }
            await Balancer.WaitUntilRoutingAsync(_nodes, TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>A DbContext on the shared database, for asserting what was stored.</summary>
    public ParleyDb OpenDb() =>
        new(new DbContextOptionsBuilder<ParleyDb>().UseNpgsql(_connectionString).Options);

    /// <summary>Runs a test's steps; on failure the exception carries the end of every node's and HAProxy's log.</summary>
    public async Task ExplainFailuresAsync(Func<Task> steps)
    {
        try { await steps(); }
        catch (Exception e)
        {
            _failed = true; // the logs stay for a closer look
            throw new Xunit.Sdk.XunitException($"{e.GetType().Name}: {e.Message}\n{Tails()}\n(whole logs kept in {_dir})", e);
        }
    }

    public string Tails(int lines = 30) =>
        string.Join('\n', _nodes.Select(n => $"---- {n.Name} (port {n.Port}), last {lines} lines ----\n{n.Tail(lines)}"))
        + (Balancer is null ? "" : $"\n---- haproxy ----\n{Balancer.Tail(10)}");

    public async ValueTask DisposeAsync()
    {
        List<HubClient> clients;
        lock (_clients) clients = _clients.Select(c => c.Hub).ToList();
        await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
        foreach (var node in _nodes)
            try { await node.KillAsync(); }
            catch (Exception) { } // the guard below still kills it
        if (Balancer is not null) await Balancer.StopAsync();
        if (Redis is not null) await Redis.DisposeAsync();
        _guard.Dispose();
        if (_database is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await ParleyApp.DropDatabaseAsync(null, _database);
        }
        if (!_failed) try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
