using System.Net.Http.Json;
using System.Text.Json;
using Parley.Server.Moderation;
using Parley.Tests.Infrastructure;
using Xunit;

namespace Parley.Tests;

/// <summary>Reading the audit log: admins only, newest first, filtered and paged.</summary>
public sealed class AuditLogTests
{
    private static async Task<List<JsonElement>> ReadAsync(TestUser admin, string query = "")
    {
        using var http = admin.Http();
        return [.. (await Expect.Json(await http.GetAsync("/api/admin/audit" + query))).GetProperty("items").EnumerateArray()];
    }

    private static List<string> Reasons(List<JsonElement> items) => [.. items.Select(i => i.GetProperty("reason").GetString()!)];

    [Fact]
    public async Task AdminsFilterByActorTargetActionRoomAndDateNewestFirst()
    {
        await using var app = await ParleyApp.StartAsync();
        var admin = await app.SignUpAsync("admin", "Admin");
        var mod = await app.SignUpAsync("mod", "Mod");
        var bob = await app.SignUpAsync("bob", "Bob");
        var carol = await app.SignUpAsync("carol", "Carol");
        await app.SetRoleAsync(admin.Id, ServerRole.Admin);
        await app.SetRoleAsync(mod.Id, ServerRole.Moderator);
        var room = Guid.CreateVersion7();
        var day = new DateTime(2030, 1, 10, 12, 0, 0, DateTimeKind.Utc);
        await using (var db = app.OpenDb())
        {
            AuditLog.Record(db, day, mod.Id, "room.kick", bob.Id, room, reason: "one", details: new { seconds = 60 });
            AuditLog.Record(db, day.AddDays(1), mod.Id, "room.ban", carol.Id, room, reason: "two");
            AuditLog.Record(db, day.AddDays(2), admin.Id, "user.role", bob.Id, reason: "three", details: new { from = "member", to = "moderator" });
            AuditLog.Record(db, day.AddDays(3), admin.Id, "room.kick", carol.Id, reason: "four");
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var all = await ReadAsync(admin);
        Assert.Equal(["four", "three", "two", "one"], Reasons(all));
        Assert.Equal(mod.Id, all[3].GetProperty("actor").Id());
        Assert.Equal("Bob", all[3].GetProperty("target").GetProperty("displayName").GetString());
        Assert.Equal(60, all[3].GetProperty("details").GetProperty("seconds").GetInt32());
        Assert.Equal(day, all[3].GetProperty("at").GetDateTime().ToUniversalTime());

        Assert.Equal(["two", "one"], Reasons(await ReadAsync(admin, $"?actor={mod.Id}")));
        Assert.Equal(["three", "one"], Reasons(await ReadAsync(admin, $"?target={bob.Id}")));
        Assert.Equal(["four", "one"], Reasons(await ReadAsync(admin, "?action=room.kick")));
        Assert.Equal(["two", "one"], Reasons(await ReadAsync(admin, $"?room={room}")));
        Assert.Equal(["three", "two"], Reasons(await ReadAsync(admin, $"?from={day.AddDays(1):O}&to={day.AddDays(3):O}")));
        Assert.Equal(["one"], Reasons(await ReadAsync(admin, $"?actor={mod.Id}&target={bob.Id}&action=room.kick")));

        using var http = admin.Http();
        var first = await Expect.Json(await http.GetAsync("/api/admin/audit?limit=3"));
        Assert.Equal(["four", "three", "two"], Reasons([.. first.GetProperty("items").EnumerateArray()]));
        var next = first.GetProperty("nextBefore").GetInt64();
        var rest = await Expect.Json(await http.GetAsync($"/api/admin/audit?limit=3&before={next}"));
        Assert.Equal(["one"], Reasons([.. rest.GetProperty("items").EnumerateArray()]));
        Assert.Equal(JsonValueKind.Null, rest.GetProperty("nextBefore").ValueKind);

        await Expect.Problem(await http.GetAsync("/api/admin/audit?actor=someone"), 400, "actor");
        await Expect.Problem(await http.GetAsync("/api/admin/audit?from=yesterday"), 400, "from");
        await Expect.Problem(await http.GetAsync("/api/admin/audit?limit=0"), 400, "limit");
    }

    [Fact]
    public async Task OnlyAdminsReadTheLog()
    {
        await using var app = await ParleyApp.StartAsync();
        var mod = await app.SignUpAsync("mod");
        var member = await app.SignUpAsync("member");
        var guest = await app.SignUpAsync("guest");
        var owner = await app.SignUpAsync("owner");
        await app.SetRoleAsync(mod.Id, ServerRole.Moderator);
        await app.SetRoleAsync(guest.Id, ServerRole.Guest);
        await app.SetRoleAsync(owner.Id, ServerRole.Owner);
        foreach (var who in new[] { mod, member, guest })
        {
            using var http = who.Http();
            Assert.Equal("not_allowed", (await Expect.Problem(await http.GetAsync("/api/admin/audit"), 403)).GetProperty("code").GetString());
        }
        Assert.Empty(await ReadAsync(owner));
    }
}
