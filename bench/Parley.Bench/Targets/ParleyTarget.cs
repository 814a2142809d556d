using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Parley.Bench.Clients;
using Parley.Bench.Measure;

namespace Parley.Bench.Targets;

/// <summary>
/// Parley through its public contract: register and sign in over REST, create and join rooms (or open DMs),
/// then the hub with a bearer token. The server must run with its per-user rate limits raised (bench.sh does).
/// </summary>
public sealed class ParleyTarget(Uri baseUri, ProcessStats? server, string label) : Target(baseUri, server)
{
    private const string Password = "bench password 1234";
    private readonly string _run = Guid.NewGuid().ToString("N")[..6];
    private readonly ConcurrentDictionary<Guid, int> _index = new();
    private readonly ConcurrentDictionary<int, Guid> _rooms = new();
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = baseUri, Timeout = TimeSpan.FromMinutes(2) };

    public override string Name => label;
    public Guid RoomId(int room) => _rooms[room];
    public int RoomIndex(Guid id) => _index.TryGetValue(id, out var i) ? i : -1;
    public HttpClient Http => _http;

    public override async Task<Member[]> CreateMembersAsync(int count, CancellationToken ct)
    {
        var members = new Member[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (i, c) =>
        {
            var name = $"b{_run}_{i}";
            var reg = await _http.PostAsJsonAsync("/api/auth/register", new { userName = name, password = Password, displayName = name }, c);
            await Ensure(reg, "register");
            var id = (await reg.Content.ReadFromJsonAsync<JsonElement>(c)).GetProperty("id").GetGuid();
            var login = await _http.PostAsJsonAsync("/api/auth/login", new { userName = name, password = Password }, c);
            await Ensure(login, "login");
            var token = (await login.Content.ReadFromJsonAsync<JsonElement>(c)).GetProperty("accessToken").GetString()!;
            members[i] = new Member(i, id, token);
        });
        return members;
    }

    /// <summary>Signs in as this fixed account, registering it first if it does not exist (corpora kept between runs).</summary>
    public async Task<Member> SignInAsync(string userName, CancellationToken ct)
    {
        var login = await _http.PostAsJsonAsync("/api/auth/login", new { userName, password = Password }, ct);
        if (!login.IsSuccessStatusCode)
        {
            await Ensure(await _http.PostAsJsonAsync("/api/auth/register", new { userName, password = Password, displayName = userName }, ct), "register");
            login = await _http.PostAsJsonAsync("/api/auth/login", new { userName, password = Password }, ct);
        }
        await Ensure(login, "login");
        var body = await login.Content.ReadFromJsonAsync<JsonElement>(ct);
        var token = body.GetProperty("accessToken").GetString()!;
        var me = await Send(HttpMethod.Get, "/api/me", new Member(0, Guid.Empty, token), null, ct);
        return new Member(0, me.GetProperty("id").GetGuid(), token);
    }

    public override async Task CreateRoomsAsync(IReadOnlyList<Member[]> rooms, CancellationToken ct, bool pairsAreDms = false)
    {
        await Parallel.ForAsync(0, rooms.Count, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (r, c) =>
        {
            var people = rooms[r];
            Guid id;
            if (pairsAreDms && people.Length == 2)
            {
                var dm = await Send(HttpMethod.Post, "/api/dms", people[0], new { userIds = new[] { people[1].Id } }, c);
                id = dm.GetProperty("room").GetProperty("id").GetGuid();
            }
            else
            {
                var room = await Send(HttpMethod.Post, "/api/rooms", people[0], new { name = $"bench-{_run}-{r}", visibility = "public" }, c);
                id = room.GetProperty("id").GetGuid();
                foreach (var m in people.Skip(1)) await Send(HttpMethod.Post, $"/api/rooms/{id}/join", m, null, c);
            }
            _rooms[r] = id;
            _index[id] = r;
        });
    }

    /// <summary>Connect with a single-use ticket from POST /api/auth/hub-ticket instead of the access token in the URL (--hub-ticket true).</summary>
    public bool HubTickets { get; init; }

    public override async Task<IChatConnection> ConnectAsync(Member member, IReadOnlyList<int> rooms, Receiver receiver, int connection, CancellationToken ct)
    {
        var credentials = "access_token=" + Uri.EscapeDataString(member.Token!);
        if (HubTickets)
            credentials = "ticket=" + (await Send(HttpMethod.Post, "/api/auth/hub-ticket", member, null, ct)).GetProperty("ticket").GetString();
        return await SignalRClient.OpenAsync(NodeFor(connection), credentials, InvokerFor(connection), receiver, RoomIndex, RoomId, ct);
    }

    public override Task KeepAliveAsync(IChatConnection connection) => ((SignalRClient)connection).PingAsync();

    public async Task<JsonElement> Send(HttpMethod method, string path, Member? as_, object? body, CancellationToken ct)
    {
        using var req = new HttpRequestMessage(method, path);
        if (as_ is not null) req.Headers.Authorization = new("Bearer", as_.Token);
        if (body is not null) req.Content = JsonContent.Create(body);
        using var res = await _http.SendAsync(req, ct);
        await Ensure(res, path);
        return res.Content.Headers.ContentLength == 0 ? default : await res.Content.ReadFromJsonAsync<JsonElement>(ct);
    }

    /// <summary>A GET whose body is read whole but not parsed, so a timer around it measures the server and the wire only.</summary>
    public async Task<byte[]> GetBytes(string path, Member as_, CancellationToken ct)
    {
        using var req = new HttpRequestMessage(HttpMethod.Get, path);
        req.Headers.Authorization = new("Bearer", as_.Token);
        using var res = await _http.SendAsync(req, ct);
        await Ensure(res, path);
        return await res.Content.ReadAsByteArrayAsync(ct);
    }

    private static async Task Ensure(HttpResponseMessage res, string what)
    {
        if (!res.IsSuccessStatusCode) throw new ServerRefused($"{what}: {(int)res.StatusCode} {await res.Content.ReadAsStringAsync()}");
    }
}
