using Microsoft.Extensions.Options;
using Parley.Server.Cluster;
using StackExchange.Redis;

namespace Parley.Server.Presence;

/// <summary>
/// Presence across nodes, in Redis. Per user, a hash <c>parley:presence:{user}</c>: one field per open connection
/// (<c>c:{connection}</c> = "node|idle"), the choice, the published status and when a connection last closed; it
/// expires unless a node holding one of the user's connections refreshes it (every heartbeat). Per node, its expiry
/// time in <c>parley:presence:nodes</c> (from its first connection on, before its first heartbeat) and the users it
/// answers for: those it holds connections of, and those whose last connection there closed until its grace period is
/// over (a reaper of the node publishes them offline). Every change is one Lua script, so two nodes changing the same
/// person's presence at once see each other's connections and publish one status.
/// <para>
/// A node that stops beating (killed, frozen, cut off) is found by the others once its time is past: one of them
/// (whoever claims it first) removes its connections from their users and publishes those left with none as offline.
/// A node that finds itself reaped, or Redis emptied by a restart, writes its connections again.
/// </para>
/// Times are the nodes' TimeProvider (their clocks must agree within seconds, as NTP keeps them); Redis' own expiry
/// only clears what a whole cluster that stopped left behind.
/// </summary>
public sealed class RedisPresenceStore(RedisConnection redis, ThisNode node, IOptions<PresenceOptions> options, TimeProvider clock,
    ILogger<RedisPresenceStore> log) : IPresenceStore
{
    private const string NodesKey = "parley:presence:nodes";
    private static readonly TimeSpan ReapClaim = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan NodeUsersLife = TimeSpan.FromDays(1);

    // KEYS[1] the user's hash, KEYS[2] the node's user set, KEYS[3] the nodes' times (sync). ARGV: op, ttl ms, now ms,
    // then per op (see the C# callers).
    private const string Script = """
        local key, op, ttl, now = KEYS[1], ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
        local any = false
        if op == 'sync' then
          local node = ARGV[4] .. '|'
          local wanted = {}
          for i = 8, #ARGV, 2 do wanted['c:' .. ARGV[i]] = node .. ARGV[i + 1]; any = true end
          if ARGV[6] ~= '' then redis.call('HSET', key, 'choice', string.sub(ARGV[6], 2))
          elseif any and redis.call('HEXISTS', key, 'choice') == 0 then return {'', 0, 1} end
          local all, removed = redis.call('HGETALL', key), false
          for i = 1, #all, 2 do
            if string.sub(all[i], 1, 2) == 'c:' and string.sub(all[i + 1], 1, #node) == node and wanted[all[i]] == nil then
              redis.call('HDEL', key, all[i]); removed = true
            end
          end
          for f, v in pairs(wanted) do redis.call('HSET', key, f, v) end
          if removed then redis.call('HSET', key, 'closed', now) end
          if any then redis.call('SADD', KEYS[2], ARGV[5]) end
          -- Before its first heartbeat a node is known by its first connection, so its death can be found.
          if any and ARGV[7] ~= '' then redis.call('HSETNX', KEYS[3], ARGV[4], ARGV[7]) end
        elseif op == 'choice' then
          redis.call('HSET', key, 'choice', ARGV[4])
        elseif op == 'drop' then
          local node = ARGV[4] .. '|'
          local all = redis.call('HGETALL', key)
          for i = 1, #all, 2 do
            if string.sub(all[i], 1, 2) == 'c:' and string.sub(all[i + 1], 1, #node) == node then redis.call('HDEL', key, all[i]) end
          end
        end
        local all = redis.call('HGETALL', key)
        local conns, busy, choice, published, closed = 0, 0, '', 'offline', 0
        for i = 1, #all, 2 do
          local f, v = all[i], all[i + 1]
          if string.sub(f, 1, 2) == 'c:' then
            conns = conns + 1
            if string.sub(v, -1) == '0' then busy = busy + 1 end
          elseif f == 'choice' then choice = v
          elseif f == 'published' then published = v
          elseif f == 'closed' then closed = tonumber(v) end
        end
        local status, noneLeft = published, 0
        if conns == 0 then
          if op ~= 'choice' then noneLeft = 1 end
          -- Offline after the grace period, or at once for a dead node's users (their grace has long passed).
          if op == 'drop' or (op == 'expire' and closed <= now - tonumber(ARGV[4])) then status = 'offline' end
        elseif choice == 'dnd' then status = 'dnd'
        elseif choice == 'away' or busy == 0 then status = 'away'
        else status = 'online' end
        if status ~= published then redis.call('HSET', key, 'published', status) end
        -- A node answers for a user while it holds one of their connections, and after their last one anywhere closed
        -- there until its grace period is over (its reaper publishes them offline if the node dies meanwhile). With
        -- none of their connections left here, another node holding one, or the grace over, it no longer does.
        if op == 'sync' and not any and conns > 0 then redis.call('SREM', KEYS[2], ARGV[5]) end
        if op == 'expire' then
          local node, mine = ARGV[5] .. '|', false
          for i = 1, #all, 2 do
            if string.sub(all[i], 1, 2) == 'c:' and string.sub(all[i + 1], 1, #node) == node then mine = true end
          end
          if not mine then redis.call('SREM', KEYS[2], ARGV[6]) end
        end
        if redis.call('EXISTS', key) == 1 then redis.call('PEXPIRE', key, ttl) end
        if status ~= published then return {status, noneLeft, 0} end
        return {'', noneLeft, 0}
        """;

    // This node's connections, as written to Redis: what a sync writes, and what is written again after a loss.
    private readonly Dictionary<Guid, Dictionary<string, bool>> _mine = new();
    private readonly Lock _lock = new();
    private volatile bool _rewriteWanted;
    // Until the first heartbeat, syncs put this node among the nodes (a node that dies before its first beat is reaped too).
    private volatile bool _beaten;

    private static RedisKey UserKey(Guid userId) => "parley:presence:" + userId.ToString("N");
    private static RedisKey NodeUsersKey(string nodeId) => "parley:presence:node:" + nodeId;
    private long Now => clock.GetUtcNow().ToUnixTimeMilliseconds();
    // Redis' own expiry must outlive the reap (a node's expiry plus a heartbeat of the others): a hash gone first leaves
    // the reaper nothing to find, and the dead node's users would never be published offline.
    private long Ttl => 3 * (options.Value.NodeExpirySeconds + options.Value.HeartbeatSeconds) * 1000L;
    /// <summary>How long a node counts as alive after its last heartbeat.</summary>
    private long NodeLife => options.Value.NodeExpirySeconds * 1000L;

    public Task<PresenceChange> ConnectedAsync(Guid userId, string connectionId, string? choice) =>
        Sync(userId, choice, mine => mine[connectionId] = false);

    public Task<PresenceChange> DisconnectedAsync(Guid userId, string connectionId) =>
        Sync(userId, null, mine => mine.Remove(connectionId));

    public Task<PresenceChange> SetIdleAsync(Guid userId, string connectionId, bool idle) =>
        Sync(userId, null, mine => { if (mine.ContainsKey(connectionId)) mine[connectionId] = idle; });

    /// <summary>Writes this node's connections of the user again (after a loss), with the stored choice once asked for it.</summary>
    public Task<PresenceChange> RewriteAsync(Guid userId, string? choice) => Sync(userId, choice, _ => { });

    public Task<PresenceChange> SetChoiceAsync(Guid userId, string choice) =>
        RunAsync(userId, () => Db().ScriptEvaluateAsync(Script, [UserKey(userId)], ["choice", Ttl, Now, choice]));

    public async Task<bool> ExpireAsync(Guid userId, TimeSpan grace) =>
        (await RunAsync(userId, () => Db().ScriptEvaluateAsync(Script, [UserKey(userId), NodeUsersKey(node.Id)],
            ["expire", Ttl, Now, (long)grace.TotalMilliseconds, node.Id, userId.ToString("N")])))
        .Published == PresenceStatus.Offline;

    /// <summary>
    /// Changes this node's connections of the user and writes them all in one script. Under the lock, so the scripts
    /// of one user leave in the order of the changes (one connection to Redis keeps that order).
    /// </summary>
    private Task<PresenceChange> Sync(Guid userId, string? choice, Action<Dictionary<string, bool>> change)
    {
        lock (_lock)
        {
            if (!_mine.TryGetValue(userId, out var mine)) _mine[userId] = mine = new();
            change(mine);
            if (mine.Count == 0) _mine.Remove(userId);
            var now = Now;
            var args = new List<RedisValue> { "sync", Ttl, now, node.Id, userId.ToString("N"), choice is null ? "" : "=" + choice,
                _beaten ? "" : now + NodeLife };
            foreach (var (connection, idle) in mine) { args.Add(connection); args.Add(idle ? "1" : "0"); }
            return RunAsync(userId, () => Db().ScriptEvaluateAsync(Script, [UserKey(userId), NodeUsersKey(node.Id), NodesKey], [.. args]));
        }
    }

    private IDatabase Db() => redis.MultiplexerAsync().Result.GetDatabase();

    /// <summary>Runs a script; if Redis can't be reached, nothing changed now and the next heartbeat writes this node's connections again.</summary>
    private Task<PresenceChange> RunAsync(Guid userId, Func<Task<RedisResult>> script)
    {
        if (!redis.IsUp) return Lost(null);
        Task<RedisResult> running;
        try { running = script(); }
        catch (Exception e) when (e is RedisException or TimeoutException) { return Lost(e); }
        return Finish(running);

        async Task<PresenceChange> Finish(Task<RedisResult> task)
        {
            try
            {
                var r = (RedisResult[])(await task)!;
                var status = (string)r[0]!;
                return new PresenceChange(status.Length == 0 ? null : status, (int)r[1] == 1, (int)r[2] == 1);
            }
            catch (Exception e) when (e is RedisException or TimeoutException) { return await Lost(e); }
        }

        Task<PresenceChange> Lost(Exception? e)
        {
            _rewriteWanted = true;
            if (e is not null) log.LogDebug("Presence of {User} not written to Redis: {Reason}", userId, e.Message);
            return Task.FromResult(PresenceChange.None);
        }
    }

    public async Task<IReadOnlyDictionary<Guid, string>> StatusesAsync(IReadOnlyCollection<Guid> userIds)
    {
        var ids = userIds.Distinct().ToList();
        var result = ids.ToDictionary(id => id, _ => PresenceStatus.Offline);
        if (!redis.IsUp) return result;
        try
        {
            var db = Db();
            var values = await Task.WhenAll(ids.Select(id => db.HashGetAsync(UserKey(id), "published")));
            for (var i = 0; i < ids.Count; i++) if (values[i].HasValue) result[ids[i]] = values[i]!;
        }
        catch (Exception e) when (e is RedisException or TimeoutException) { log.LogDebug("Presence not read from Redis: {Reason}", e.Message); }
        return result;
    }

    public async Task<IReadOnlySet<Guid>> ConnectedSinceAsync(IReadOnlyCollection<Guid> userIds, DateTime since)
    {
        var ids = userIds.Distinct().ToList();
        var connected = new HashSet<Guid>();
        if (!redis.IsUp) return connected;
        var sinceMs = new DateTimeOffset(DateTime.SpecifyKind(since, DateTimeKind.Utc)).ToUnixTimeMilliseconds();
        try
        {
            var db = Db();
            var hashes = await Task.WhenAll(ids.Select(id => db.HashGetAllAsync(UserKey(id))));
            for (var i = 0; i < ids.Count; i++)
                if (hashes[i].Any(e => ((string)e.Name!).StartsWith("c:", StringComparison.Ordinal)
                                       || (e.Name == "closed" && (long)e.Value >= sinceMs)))
                    connected.Add(ids[i]);
        }
        catch (Exception e) when (e is RedisException or TimeoutException) { log.LogDebug("Presence not read from Redis: {Reason}", e.Message); }
        return connected;
    }

    /// <summary>
    /// One heartbeat: renews this node's time and its users' entries, writes its connections again if this node was
    /// reaped, Redis was emptied or a write was lost, and reaps nodes whose time has passed. Returns the presence
    /// changes that caused, for the tracker to publish.
    /// </summary>
    public async Task<IReadOnlyList<(Guid UserId, PresenceChange Change)>> BeatAsync()
    {
        var changes = new List<(Guid, PresenceChange)>();
        if (!redis.IsUp) { _rewriteWanted = true; return changes; }
        var db = Db();
        var now = Now;
        List<Guid> users;
        lock (_lock) users = [.. _mine.Keys];
        try
        {
            // A new field: Redis didn't know this node (reaped while alive, or emptied by a restart). The first beat
            // writes everything too: a reap before it may have removed connections a later sync didn't write again.
            var unknown = await db.HashSetAsync(NodesKey, node.Id, now + NodeLife);
            if (unknown | _rewriteWanted | !_beaten)
            {
                _rewriteWanted = false;
                _beaten = true;
                var held = (await db.SetMembersAsync(NodeUsersKey(node.Id))).Select(v => Guid.Parse((string)v!));
                foreach (var user in users.Union(held)) changes.Add((user, await RewriteAsync(user, null)));
            }
            await Task.WhenAll(users.Select(u => db.KeyExpireAsync(UserKey(u), TimeSpan.FromMilliseconds(Ttl)))
                .Append(db.KeyExpireAsync(NodeUsersKey(node.Id), NodeUsersLife)));

            foreach (var entry in await db.HashGetAllAsync(NodesKey))
            {
                var other = (string)entry.Name!;
                if (other == node.Id || (long)entry.Value >= now) continue;
                // The claim names this death (the node's last deadline), not just the node: a node reaped while alive
                // (a late beat) writes itself back; if it then dies within the claim's life it is reaped at once, not
                // when the old claim expires.
                if (!await db.StringSetAsync($"parley:presence:reaping:{other}:{(long)entry.Value}", node.Id, ReapClaim, When.NotExists)) continue;
                var theirs = await db.SetMembersAsync(NodeUsersKey(other));
                foreach (var user in theirs.Select(v => Guid.Parse((string)v!)))
                    changes.Add((user, await RunAsync(user, () => db.ScriptEvaluateAsync(Script, [UserKey(user)], ["drop", Ttl, now, other]))));
                await db.HashDeleteAsync(NodesKey, other);
                await db.KeyDeleteAsync(NodeUsersKey(other));
                log.LogInformation("Node {Node} stopped beating: its {Count} users' connections were removed from presence", other, theirs.Length);
            }
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            _rewriteWanted = true;
            log.LogDebug("Presence heartbeat failed: {Reason}", e.Message);
        }
        return changes;
    }

    /// <summary>A node that stops on purpose marks its time as past: the others reap it at their next beat.</summary>
    public async Task LeaveAsync()
    {
        if (!redis.IsUp) return;
        // A time just past rather than 0, so each stop is its own death for the reapers' claim.
        try { await Db().HashSetAsync(NodesKey, node.Id, Now - 1); }
        catch (Exception e) when (e is RedisException or TimeoutException) { }
    }
}
