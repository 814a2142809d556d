using System.Net.Http.Json;
using System.Text.Json;

namespace Parley.Tests.Infrastructure;

/// <summary>The REST steps tests take over and over, done as the user, asserting success.</summary>
public static class TestUserApi
{
    public static async Task<Guid> CreateRoomAsync(this TestUser u, string? name = null, string visibility = "public", string? topic = null)
    {
        using var http = u.Http();
        var room = await Expect.Json(await http.PostAsJsonAsync("/api/rooms",
            new { name = name ?? "room-" + Guid.NewGuid().ToString("N")[..8], visibility, topic }), 201);
        return room.GetProperty("id").GetGuid();
    }

    /// <summary>The usual start: Alice creates a public room and Bob joins it.</summary>
    public static async Task<(TestUser Alice, TestUser Bob, Guid Room)> AliceAndBobInARoomAsync(this ParleyApp app)
    {
        var alice = await app.SignUpAsync("alice", "Alice");
        var bob = await app.SignUpAsync("bob", "Bob");
        var room = await alice.CreateRoomAsync();
        await bob.JoinAsync(room);
        return (alice, bob, room);
    }

    public static async Task JoinAsync(this TestUser u, Guid roomId)
    {
        using var http = u.Http();
        await Expect.Status(await http.PostAsync($"/api/rooms/{roomId}/join", null), 200);
    }

    public static async Task InviteAsync(this TestUser u, Guid roomId, params TestUser[] people)
    {
        using var http = u.Http();
        await Expect.Status(await http.PostAsJsonAsync($"/api/rooms/{roomId}/invite", new { userIds = people.Select(p => p.Id) }), 200);
    }

    public static async Task<Guid> OpenDmAsync(this TestUser u, params TestUser[] others)
    {
        using var http = u.Http();
        var res = await http.PostAsJsonAsync("/api/dms", new { userIds = others.Select(o => o.Id) });
        var body = await Expect.Json(res, (int)res.StatusCode == 201 ? 201 : 200);
        return body.GetProperty("room").GetProperty("id").GetGuid();
    }

    public static async Task<JsonElement> HistoryAsync(this TestUser u, Guid roomId, string query = "")
    {
        using var http = u.Http();
        return await Expect.Json(await http.GetAsync($"/api/rooms/{roomId}/messages{query}"));
    }

    public static async Task<List<JsonElement>> MessagesAsync(this TestUser u, Guid roomId, string query = "") =>
        (await u.HistoryAsync(roomId, query)).GetProperty("messages").EnumerateArray().ToList();

    /// <summary>Sends over REST (the bot path).</summary>
    public static async Task<JsonElement> PostMessageAsync(this TestUser u, Guid roomId, string text, string? clientMessageId = null)
    {
        using var http = u.Http();
        var res = await http.PostAsJsonAsync($"/api/rooms/{roomId}/messages", new { clientMessageId = clientMessageId ?? Guid.NewGuid().ToString(), text });
        return await Expect.Json(res, 201);
    }

    public static async Task<JsonElement> RoomInListAsync(this TestUser u, Guid roomId)
    {
        using var http = u.Http();
        var list = await Expect.Json(await http.GetAsync("/api/rooms"));
        return list.EnumerateArray().Single(r => r.GetProperty("room").GetProperty("id").GetGuid() == roomId);
    }

    /// <summary>
    /// A marker for "nothing else came": the user sets a fresh status and each of their given connections waits for the
    /// UserUpdated that announces it. Whatever the server sent those connections before has arrived by then.
    /// </summary>
    public static async Task MarkAsync(this TestUser u, params HubClient[] own)
    {
        var marker = "marker " + Guid.NewGuid().ToString("N")[..8];
        using var http = u.Http();
        await Expect.Json(await http.PatchAsJsonAsync("/api/me", new { statusText = marker }));
        foreach (var hub in own) await hub.WaitForAsync("UserUpdated", e => e.GetProperty("statusText").GetString() == marker);
    }

    public static object Send(string text, string? clientMessageId = null, Guid? replyToId = null) =>
        new { clientMessageId = clientMessageId ?? Guid.NewGuid().ToString(), text, replyToId };

    /// <summary>Waits until the server has seen all of the user's hub connections close.</summary>
    public static async Task WaitUntilDisconnectedAsync(this TestUser u)
    {
        var registry = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<Parley.Server.Realtime.ConnectionRegistry>(u.App.Services);
        for (var i = 0; i < 100 && registry.Of(u.Id).Count > 0; i++) await Task.Delay(50);
        await Task.Delay(20);
    }

    public static Guid Id(this JsonElement e) => e.GetProperty("id").GetGuid();
    public static long Seq(this JsonElement e) => e.GetProperty("seq").GetInt64();
    public static string Text(this JsonElement e) => e.GetProperty("text").GetString()!;
}
