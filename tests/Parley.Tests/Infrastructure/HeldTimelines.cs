using System.Collections.Concurrent;
using System.Text.Json;
using Parley.Server.Events;

namespace Parley.Tests.Infrastructure;

/// <summary>
/// What one hub client holds of the rooms it follows, kept the way the web client keeps it (web/src/lib/timeline.ts,
/// features/chat/catchUp.ts): messages by id, the newer rev winning, and the room's rev applied without a gap. A live
/// message past rev + 1 (a broadcast lost on the way) and every reconnect fetch what is missing with the hub's Sync
/// from that rev; acknowledgements of one's own sends are applied too.
/// </summary>
public sealed class HeldTimelines
{
    private static readonly TimeSpan CatchUpLimit = TimeSpan.FromSeconds(45);

    private sealed class Room
    {
        public readonly Dictionary<Guid, JsonElement> ById = new();
        public long Rev;
        public bool Fetching, Refetch;
    }

    private readonly HubClient _hub;
    private readonly Dictionary<Guid, Room> _rooms = new();
    private readonly Lock _lock = new();
    private readonly ConcurrentQueue<string> _problems = new();
    private int _gaps, _heard;
    private DateTime _lastHeard;

    public HeldTimelines(HubClient hub, string name)
    {
        _hub = hub;
        Name = name;
        hub.Received += OnEvent;
        hub.Reconnected += () =>
        {
            List<Guid> rooms;
            lock (_lock) rooms = _rooms.Keys.ToList();
            foreach (var room in rooms) _ = CatchUpAsync(room);
        };
    }

    /// <summary>Who holds these (for failure messages).</summary>
    public string Name { get; }
    public HubClient Hub => _hub;
    /// <summary>Live messages that came after a gap, each of which sent the client to Sync.</summary>
    public int Gaps => _gaps;
    /// <summary>Catch-ups that failed for good (anything but a dropped connection, which the reconnect repairs).</summary>
    public IReadOnlyCollection<string> Problems => _problems;

    /// <summary>Starts holding a room: everything in it so far (Sync from rev 0), then what arrives.</summary>
    public Task FollowAsync(Guid roomId)
    {
        lock (_lock) _rooms.TryAdd(roomId, new Room());
        return CatchUpAsync(roomId);
    }

    public long RevOf(Guid roomId)
    {
        lock (_lock) return _rooms[roomId].Rev;
    }

    /// <summary>The messages held, in seq order.</summary>
    public IReadOnlyList<JsonElement> Messages(Guid roomId)
    {
        lock (_lock) return _rooms[roomId].ById.Values.OrderBy(m => m.Seq()).ToList();
    }

    /// <summary>A message the client learnt of from an acknowledgement or an action's answer.</summary>
    public void Apply(JsonElement message)
    {
        var roomId = message.GetProperty("roomId").GetGuid();
        bool gap;
        lock (_lock)
        {
            if (!_rooms.TryGetValue(roomId, out var room)) return;
            Upsert(room, message);
            var rev = message.GetProperty("rev").GetInt64();
            if (rev == room.Rev + 1) room.Rev = rev;
            gap = rev > room.Rev + 1;
        }
        if (!gap) return;
        Interlocked.Increment(ref _gaps);
        _ = CatchUpAsync(roomId);
    }

    /// <summary>Waits until the room is held without a gap up to this rev (a later marker message shows nothing is missing).</summary>
    public async Task WaitUntilHeldAsync(Guid roomId, long rev, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (RevOf(roomId) < rev)
        {
            if (DateTime.UtcNow > deadline)
                throw new Xunit.Sdk.XunitException($"{Name} holds room {roomId} only up to rev {RevOf(roomId)}, not {rev}, after {limit.TotalSeconds} s "
                                                   + $"(reconnects: {_hub.Reconnects}, connected: {_hub.IsConnected}, live messages heard: {_heard}, the last at {_lastHeard:HH:mm:ss.fff}, "
                                                   + $"problems: {string.Join(" | ", _problems)})");
            await Task.Delay(50);
        }
    }

    private void OnEvent(string target, JsonElement e)
    {
        if (target is not (nameof(IChatClient.MessageCreated) or nameof(IChatClient.MessageEdited) or nameof(IChatClient.MessageDeleted))) return;
        Interlocked.Increment(ref _heard);
        _lastHeard = DateTime.Now;
        Apply(e);
    }

    private static void Upsert(Room room, JsonElement m)
    {
        var id = m.Id();
        if (!room.ById.TryGetValue(id, out var held) || held.GetProperty("rev").GetInt64() < m.GetProperty("rev").GetInt64()) room.ById[id] = m;
    }

    /// <summary>Sync from the room's rev until caught up; one at a time per room, again if asked meanwhile.</summary>
    private async Task CatchUpAsync(Guid roomId)
    {
        Room room;
        lock (_lock)
        {
            room = _rooms[roomId];
            if (room.Fetching)
            {
                room.Refetch = true;
                return;
            }
            room.Fetching = true;
        }
        var deadline = DateTime.UtcNow + CatchUpLimit;
        try
        {
            while (true)
            {
                long since;
                lock (_lock)
                {
                    since = room.Rev;
                    room.Refetch = false;
                }
                JsonElement page;
                try
                {
                    var pages = await _hub.InvokeAsync("Sync", new Dictionary<Guid, long> { [roomId] = since });
                    if (pages.GetArrayLength() != 1) throw new HubError($"Sync left room {roomId} out");
                    page = pages[0];
                }
                catch (HubError e) when (SendStream.IsRetryable(e) && DateTime.UtcNow < deadline && !_hub.IsClosed)
                {
                    // The reconnect (or the database coming back) lets the next try through.
                    try { await _hub.WaitUntilConnectedAsync(deadline - DateTime.UtcNow); }
                    catch (Exception) { }
                    await Task.Delay(200);
                    continue;
                }
                if (page.GetProperty("resyncRequired").GetBoolean()) throw new HubError($"Sync of room {roomId} from rev {since} asked for a resync");
                bool more;
                lock (_lock)
                {
                    foreach (var m in page.GetProperty("messages").EnumerateArray()) Upsert(room, m);
                    room.Rev = Math.Max(room.Rev, page.GetProperty("lastRev").GetInt64());
                    more = page.GetProperty("hasMore").GetBoolean() || room.Refetch;
                    if (!more) room.Fetching = false; // under the lock: a gap noted from here on starts a new catch-up
                }
                if (!more) return;
            }
        }
        catch (Exception e)
        {
            lock (_lock) room.Fetching = false;
            if (!_hub.IsClosed) _problems.Enqueue($"{Name}: catch-up of {roomId} failed: {e.Message}");
        }
    }
}
