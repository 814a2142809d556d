using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Parley.Server.Moderation;
using Parley.Tests.Infrastructure;
using Xunit;

namespace Parley.Tests;

/// <summary>
/// The admin console's accounts and rooms: who may (owner and admins), what each action does to the people it touches
/// (on their open connections too), and the one audit entry each writes.
/// </summary>
public sealed class AdministrationTests
{
    internal static async Task<TestUser> SignUpAsAsync(ParleyApp app, string name, ServerRole role)
    {
        var user = await app.SignUpAsync(name);
        if (role != ServerRole.Member) await app.SetRoleAsync(user.Id, role);
        return user;
    }

    internal static async Task NotAllowed(HttpResponseMessage response) =>
        Assert.Equal("not_allowed", (await Expect.Problem(response, 403)).GetProperty("code").GetString());

    private static async Task<string> RoleOf(TestUser user)
    {
        using var http = user.Http();
        return (await Expect.Json(await http.GetAsync("/api/me"))).GetProperty("role").GetString()!;
    }

    [Theory]
    [InlineData(ServerRole.Owner, true)]
    [InlineData(ServerRole.Admin, true)]
    [InlineData(ServerRole.Moderator, false)]
    [InlineData(ServerRole.Member, false)]
    [InlineData(ServerRole.Guest, false)]
    public async Task OnlyTheOwnerAndAdminsUseTheAdminEndpoints(ServerRole role, bool allowed)
    {
        await using var app = await ParleyApp.StartAsync();
        var actor = await SignUpAsAsync(app, "actor", role);
        var target = await app.SignUpAsync("target");
        var roomOwner = await app.SignUpAsync("roomowner");
        var room = await roomOwner.CreateRoomAsync();
        await target.JoinAsync(room);
        using var http = actor.Http();

        var calls = new List<Func<Task<HttpResponseMessage>>>
        {
            () => http.GetAsync("/api/admin/rooms"),
            () => http.GetAsync("/api/admin/settings"),
            () => http.PatchAsJsonAsync("/api/admin/settings", new { name = "Renamed" }),
            () => http.GetAsync("/api/admin/invites"),
            () => http.PostAsJsonAsync("/api/admin/invites", new { maxUses = 3 }),
            () => http.PutAsJsonAsync($"/api/admin/users/{target.Id}/role", new { role = "moderator" }),
            () => http.PostAsync($"/api/admin/users/{target.Id}/sessions/end", null),
            () => http.PostAsync($"/api/admin/users/{target.Id}/deactivate", null),
            () => http.PostAsync($"/api/admin/users/{target.Id}/reactivate", null),
            () => http.PostAsJsonAsync("/api/admin/users", new { userName = "made_" + role, password = "a long enough password", displayName = "Made" }),
        };
        var roomCalls = new List<Func<Task<HttpResponseMessage>>>
        {
            () => http.PostAsync($"/api/rooms/{room}/archive", null),
            () => http.PostAsync($"/api/rooms/{room}/unarchive", null),
            () => http.PostAsJsonAsync($"/api/rooms/{room}/transfer", new { userId = target.Id }),
            () => http.DeleteAsync($"/api/rooms/{room}"),
        };
        foreach (var call in calls.Concat(roomCalls))
        {
            var response = await call();
            if (allowed) Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            // A guest outside the (public) room is not told it exists.
            else if (role == ServerRole.Guest && roomCalls.Contains(call)) await Expect.Problem(response, 404);
            else await NotAllowed(response);
        }
        await using var db = app.OpenDb();
        Assert.Equal(allowed ? 11 : 0, await db.AuditLog.CountAsync(a => a.ActorId == actor.Id));
    }

    [Fact]
    public async Task AdminsGiveRolesBelowTheirOwnAndOnlyTheOwnerMakesAdminsOrHandsOver()
    {
        await using var app = await ParleyApp.StartAsync();
        var owner = await SignUpAsAsync(app, "owner", ServerRole.Owner);
        var admin = await SignUpAsAsync(app, "admin", ServerRole.Admin);
        var otherAdmin = await SignUpAsAsync(app, "admin2", ServerRole.Admin);
        var member = await app.SignUpAsync("member");
        using var asAdmin = admin.Http();
        using var asOwner = owner.Http();

        var dto = await Expect.Json(await asAdmin.PutAsJsonAsync($"/api/admin/users/{member.Id}/role", new { role = "moderator" }));
        Assert.Equal("moderator", dto.GetProperty("role").GetString());
        Assert.Equal("moderator", await RoleOf(member));
        await NotAllowed(await asAdmin.PutAsJsonAsync($"/api/admin/users/{member.Id}/role", new { role = "admin" }));
        await NotAllowed(await asAdmin.PutAsJsonAsync($"/api/admin/users/{member.Id}/role", new { role = "owner" }));
        await NotAllowed(await asAdmin.PutAsJsonAsync($"/api/admin/users/{otherAdmin.Id}/role", new { role = "member" }));
        await NotAllowed(await asAdmin.PutAsJsonAsync($"/api/admin/users/{owner.Id}/role", new { role = "member" }));
        await NotAllowed(await asAdmin.PostAsync($"/api/admin/users/{owner.Id}/deactivate", null));
        await NotAllowed(await asAdmin.PostAsync($"/api/admin/users/{otherAdmin.Id}/sessions/end", null));
        await NotAllowed(await asAdmin.PutAsJsonAsync($"/api/admin/users/{admin.Id}/role", new { role = "member" }));   // not on oneself either
        await Expect.Problem(await asAdmin.PutAsJsonAsync($"/api/admin/users/{member.Id}/role", new { role = "king" }), 400, "role");

        // The owner makes admins, and hands the server over: the old owner stays on as an admin.
        await Expect.Json(await asOwner.PutAsJsonAsync($"/api/admin/users/{member.Id}/role", new { role = "admin" }));
        Assert.Equal("admin", await RoleOf(member));
        await Expect.Json(await asOwner.PutAsJsonAsync($"/api/admin/users/{admin.Id}/role", new { role = "owner" }));
        Assert.Equal("owner", await RoleOf(admin));
        Assert.Equal("admin", await RoleOf(owner));
        await NotAllowed(await asOwner.PutAsJsonAsync($"/api/admin/users/{admin.Id}/role", new { role = "member" }));

        await using var db = app.OpenDb();
        var handOver = await db.AuditLog.SingleAsync(a => a.Action == "user.role" && a.TargetUserId == admin.Id);
        Assert.Equal(owner.Id, handOver.ActorId);
        Assert.Contains("\"previousOwnerNow\":\"admin\"", handOver.Details);
    }

    [Theory]
    [InlineData(ServerRole.Owner, true)]
    [InlineData(ServerRole.Admin, true)]
    [InlineData(ServerRole.Moderator, true)]
    [InlineData(ServerRole.Member, false)]
    [InlineData(ServerRole.Guest, false)]
    public async Task ServerModeratorsAndUpListAccounts(ServerRole role, bool allowed)
    {
        // Moderators time people out everywhere from the console's account list (TimeoutServerWide).
        await using var app = await ParleyApp.StartAsync();
        var actor = await SignUpAsAsync(app, "actor", role);
        var target = await app.SignUpAsync("target");
        using var http = actor.Http();
        var response = await http.GetAsync("/api/admin/users?q=target");
        if (!allowed)
        {
            await NotAllowed(response);
            return;
        }
        var listed = (await Expect.Json(response)).EnumerateArray().ToList();
        Assert.Equal(target.Id, Assert.Single(listed).Id());
    }

    [Fact]
    public async Task ARoleChangeTakesEffectOnTheNextRequest()
    {
        await using var app = await ParleyApp.StartAsync();
        var owner = await SignUpAsAsync(app, "owner", ServerRole.Owner);
        var kim = await app.SignUpAsync("kim");
        await using var kimsTab = await app.ConnectAsync(kim);
        using var asKim = kim.Http();
        using var asOwner = owner.Http();
        await NotAllowed(await asKim.GetAsync("/api/admin/users"));
        await Expect.Json(await asOwner.PutAsJsonAsync($"/api/admin/users/{kim.Id}/role", new { role = "admin" }));
        // Her open tab hears it (her client shows what an admin may do without a reload)…
        await kimsTab.WaitForAsync("ServerRoleChanged", e => e.GetProperty("role").GetString() == "admin");
        await Expect.Json(await asKim.GetAsync("/api/admin/users"));   // …and the same token: the role is read where it is checked
        await Expect.Json(await asOwner.PutAsJsonAsync($"/api/admin/users/{kim.Id}/role", new { role = "member" }));
        await NotAllowed(await asKim.GetAsync("/api/admin/users"));
    }

    // The send path caches each member's server role with their membership: a new role must drop it at once.
    [Fact]
    public async Task ANewServerRoleHoldsOnTheSendPathAtOnce()
    {
        await using var app = await ParleyApp.StartAsync();
        var owner = await SignUpAsAsync(app, "owner", ServerRole.Owner);
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        using var ah = alice.Http();
        await Expect.Json(await ah.PatchAsJsonAsync($"/api/rooms/{room}", new { readOnly = true }));
        using var bh = bob.Http();
        var refused = await Expect.Problem(await bh.PostAsJsonAsync($"/api/rooms/{room}/messages", TestUserApi.Send("may I?")), 403);
        Assert.Equal("read_only", refused.GetProperty("code").GetString());

        using var oh = owner.Http();
        await Expect.Json(await oh.PutAsJsonAsync($"/api/admin/users/{bob.Id}/role", new { role = "moderator" }));
        Assert.Equal("now I may", (await bob.PostMessageAsync(room, "now I may")).Text());
    }

    [Fact]
    public async Task DeactivationClosesTheirConnectionsAndRefusesSignInUntilReactivated()
    {
        await using var app = await ParleyApp.StartAsync();
        var admin = await SignUpAsAsync(app, "admin", ServerRole.Admin);
        var kim = await app.SignUpAsync("kim");
        await using var hub = await app.ConnectRawAsync(kim);
        using var asAdmin = admin.Http();
        using var anon = app.CreateHttpClient();

        await Expect.Status(await asAdmin.PostAsync($"/api/admin/users/{kim.Id}/deactivate", null), 204);
        await hub.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("An admin deactivated this account.", Assert.Single(hub.Events("SessionEnded")).GetProperty("reason").GetString());
        using (var asKim = kim.Http()) await Expect.Status(await asKim.GetAsync("/api/me"), 403);
        await Expect.Status(await anon.PostAsJsonAsync("/api/auth/login", new { userName = kim.UserName, password = kim.Password }), 401);
        var listed = await Expect.Json(await asAdmin.GetAsync("/api/admin/users?deactivated=true"));
        Assert.Equal(kim.Id, Assert.Single(listed.EnumerateArray()).Id());

        await Expect.Status(await asAdmin.PostAsync($"/api/admin/users/{kim.Id}/reactivate", null), 204);
        var tokens = await Expect.Json(await anon.PostAsJsonAsync("/api/auth/login", new { userName = kim.UserName, password = kim.Password }));
        using var again = app.CreateHttpClient(tokens.GetProperty("accessToken").GetString());
        Assert.Equal(kim.Id, (await Expect.Json(await again.GetAsync("/api/me"))).Id());
        Assert.Empty((await Expect.Json(await asAdmin.GetAsync("/api/admin/users?deactivated=true"))).EnumerateArray());
    }

    [Fact]
    public async Task EndingSomeonesSessionsSignsThemOutButKeepsTheAccount()
    {
        await using var app = await ParleyApp.StartAsync();
        var admin = await SignUpAsAsync(app, "admin", ServerRole.Admin);
        var kim = await app.SignUpAsync("kim");
        await using var hub = await app.ConnectRawAsync(kim);
        using var asAdmin = admin.Http();
        await Expect.Status(await asAdmin.PostAsync($"/api/admin/users/{kim.Id}/sessions/end", null), 204);
        await hub.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Single(hub.Events("SessionEnded"));
        using (var asKim = kim.Http()) Assert.False((await asKim.GetAsync("/api/me")).IsSuccessStatusCode);
        using var anon = app.CreateHttpClient();
        await Expect.Status(await anon.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = kim.RefreshToken }), 401);
        await Expect.Status(await anon.PostAsJsonAsync("/api/auth/login", new { userName = kim.UserName, password = kim.Password }), 200);
    }

    [Fact]
    public async Task AdminsCreateAccountsWhileRegistrationIsClosed()
    {
        await using var app = await ParleyApp.StartAsync();
        var admin = await SignUpAsAsync(app, "admin", ServerRole.Admin);
        using var asAdmin = admin.Http();
        using var anon = app.CreateHttpClient();
        await Expect.Json(await asAdmin.PatchAsJsonAsync("/api/admin/settings", new { registrationMode = "closed" }));
        const string password = "a long enough password";
        var refused = await Expect.Problem(await anon.PostAsJsonAsync("/api/auth/register", new { userName = "newcomer", password }), 403);
        Assert.Equal("registration_closed", refused.GetProperty("code").GetString());

        var made = await Expect.Json(await asAdmin.PostAsJsonAsync("/api/admin/users", new { userName = "newcomer", password, displayName = "New Comer" }), 201);
        Assert.Equal("member", made.GetProperty("role").GetString());
        Assert.Equal("New Comer", made.GetProperty("displayName").GetString());
        await Expect.Status(await anon.PostAsJsonAsync("/api/auth/login", new { userName = "newcomer", password }), 200);
        await Expect.Problem(await asAdmin.PostAsJsonAsync("/api/admin/users", new { userName = "NEWCOMER", password }), 409);
        await Expect.Problem(await asAdmin.PostAsJsonAsync("/api/admin/users", new { userName = "x", password = "short" }), 400, "password");

        await using var db = app.OpenDb();
        var entry = await db.AuditLog.SingleAsync(a => a.Action == "user.create");
        Assert.Equal(made.Id(), entry.TargetUserId);
        Assert.Equal(admin.Id, entry.ActorId);
    }

    [Fact]
    public async Task AdminsListAccountsFilteredAndPaged()
    {
        await using var app = await ParleyApp.StartAsync();
        var admin = await SignUpAsAsync(app, "admin", ServerRole.Admin);
        var people = new List<TestUser>();
        for (var i = 0; i < 5; i++) people.Add(await app.SignUpAsync("pagee"));
        using var http = admin.Http();
        var first = (await Expect.Json(await http.GetAsync("/api/admin/users?q=pagee&limit=3"))).EnumerateArray().ToList();
        // A limit out of range is refused, as on every other paged endpoint.
        foreach (var bad in new[] { "0", "-1", "201" })
        {
            await Expect.Problem(await http.GetAsync($"/api/admin/users?limit={bad}"), 400, "limit");
            await Expect.Problem(await http.GetAsync($"/api/admin/rooms?limit={bad}"), 400, "limit");
        }
        var rest = (await Expect.Json(await http.GetAsync($"/api/admin/users?q=pagee&limit=3&before={first[^1].Id()}"))).EnumerateArray().ToList();
        Assert.Equal(people.Select(p => p.Id).Reverse(), first.Concat(rest).Select(u => u.Id()));
        var admins = (await Expect.Json(await http.GetAsync("/api/admin/users?role=admin"))).EnumerateArray().ToList();
        Assert.Equal(admin.Id, Assert.Single(admins).Id());
        Assert.Equal("admin", admins[0].GetProperty("role").GetString());
        Assert.True(admins[0].TryGetProperty("lastSeenAt", out _));
        Assert.True(admins[0].TryGetProperty("timedOutUntil", out _));
    }

    [Fact]
    public async Task ArchivedRoomsLeaveTheDirectoryAndStayInTheirMembersLists()
    {
        await using var app = await ParleyApp.StartAsync();
        var admin = await SignUpAsAsync(app, "admin", ServerRole.Admin);
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        await alice.OpenDmAsync(bob);
        await alice.PostMessageAsync(room, "before the archive");
        using var asAdmin = admin.Http();
        using var asAlice = alice.Http();
        using var asBob = bob.Http();

        var listed = Assert.Single((await Expect.Json(await asAdmin.GetAsync("/api/admin/rooms"))).EnumerateArray());   // the DM is not a room
        Assert.Equal(room, listed.Id());
        Assert.Equal(2, listed.GetProperty("memberCount").GetInt32());
        Assert.False(listed.GetProperty("archived").GetBoolean());

        await NotAllowed(await asBob.PostAsync($"/api/rooms/{room}/archive", null));   // a member, not the room's owner
        await using var bobHub = await app.ConnectAsync(bob);
        var archived = await Expect.Json(await asAlice.PostAsync($"/api/rooms/{room}/archive", null));   // the room's owner may
        Assert.True(archived.GetProperty("archived").GetBoolean());
        Assert.True((await bobHub.WaitForAsync("RoomUpdated")).GetProperty("archived").GetBoolean());

        Assert.DoesNotContain((await Expect.Json(await asBob.GetAsync("/api/rooms/public"))).EnumerateArray(), r => r.GetProperty("room").Id() == room);
        Assert.True((await bob.RoomInListAsync(room)).GetProperty("room").GetProperty("archived").GetBoolean());
        Assert.Equal("before the archive", Assert.Single(await bob.MessagesAsync(room), m => m.GetProperty("kind").GetString() == "text").Text());
        Assert.Equal(room, Assert.Single((await Expect.Json(await asAdmin.GetAsync("/api/admin/rooms?archived=true"))).EnumerateArray()).Id());
        Assert.Empty((await Expect.Json(await asAdmin.GetAsync("/api/admin/rooms?archived=false"))).EnumerateArray());

        var back = await Expect.Json(await asAdmin.PostAsync($"/api/rooms/{room}/unarchive", null));
        Assert.False(back.GetProperty("archived").GetBoolean());
        Assert.Contains((await Expect.Json(await asBob.GetAsync("/api/rooms/public"))).EnumerateArray(), r => r.GetProperty("room").Id() == room);
    }

    [Fact]
    public async Task DeletingARoomRemovesItFromItsMembers()
    {
        await using var app = await ParleyApp.StartAsync();
        var admin = await SignUpAsAsync(app, "admin", ServerRole.Admin);
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        await alice.PostMessageAsync(room, "soon gone");
        await using var bobHub = await app.ConnectAsync(bob);
        using var asAlice = alice.Http();
        await NotAllowed(await asAlice.DeleteAsync($"/api/rooms/{room}"));   // owning the room is not enough
        using var asAdmin = admin.Http();
        await Expect.Status(await asAdmin.DeleteAsync($"/api/rooms/{room}"), 204);
        var removed = await bobHub.WaitForAsync("RoomRemoved");
        Assert.Equal(room, removed.GetProperty("roomId").GetGuid());
        Assert.True(removed.GetProperty("deleted").GetBoolean());   // the client says "#room was deleted."
        await Expect.Status(await asAlice.GetAsync($"/api/rooms/{room}"), 404);
        using var asBob = bob.Http();
        Assert.DoesNotContain((await Expect.Json(await asBob.GetAsync("/api/rooms"))).EnumerateArray(), r => r.GetProperty("room").Id() == room);
        await Expect.Status(await asAdmin.DeleteAsync($"/api/rooms/{room}"), 404);
        await using var db = app.OpenDb();
        Assert.False(await db.Messages.AnyAsync(m => m.RoomId == room));
    }

    [Fact]
    public async Task TransferMakesAMemberTheOwnerAndTheOldOwnerAModerator()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var carol = await app.SignUpAsync("carol");
        using var asAlice = alice.Http();
        using var asCarol = carol.Http();
        await Expect.Problem(await asAlice.PostAsJsonAsync($"/api/rooms/{room}/transfer", new { userId = carol.Id }), 400, "userId");   // not a member
        await carol.JoinAsync(room);
        await NotAllowed(await asCarol.PostAsJsonAsync($"/api/rooms/{room}/transfer", new { userId = carol.Id }));
        await using var carolHub = await app.ConnectAsync(carol);

        var before = (await carol.MessagesAsync(room)).Max(m => m.GetProperty("rev").GetInt64());
        await Expect.Json(await asAlice.PostAsJsonAsync($"/api/rooms/{room}/transfer", new { userId = bob.Id }));
        // A line in the room, live and in a catch-up, with the rev the role events carry.
        var line = await carolHub.WaitForAsync("MessageCreated", m => m.Text() == "Alice made Bob the owner");
        var caughtUp = await Expect.Json(await asCarol.GetAsync($"/api/rooms/{room}/changes?sinceRev={before}"));
        Assert.Contains(caughtUp.GetProperty("messages").EnumerateArray(), m => m.Id() == line.Id());
        var members = (await Expect.Json(await asCarol.GetAsync($"/api/rooms/{room}/members"))).EnumerateArray()
            .ToDictionary(m => m.GetProperty("userId").GetGuid(), m => m.GetProperty("role").GetString());
        Assert.Equal("owner", members[bob.Id]);
        Assert.Equal("moderator", members[alice.Id]);
        Assert.Equal("member", members[carol.Id]);
        await carolHub.WaitForAsync("MemberUpdated", e => e.GetProperty("member").GetProperty("userId").GetGuid() == bob.Id
                                                           && e.GetProperty("member").GetProperty("role").GetString() == "owner"
                                                           && e.GetProperty("rev").GetInt64() == line.GetProperty("rev").GetInt64());
        await NotAllowed(await asAlice.PostAsJsonAsync($"/api/rooms/{room}/transfer", new { userId = alice.Id }));   // no longer the owner
    }

    [Fact]
    public async Task EachActionWritesExactlyOneAuditEntry()
    {
        await using var app = await ParleyApp.StartAsync();
        var owner = await SignUpAsAsync(app, "owner", ServerRole.Owner);
        var kim = await app.SignUpAsync("kim");
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        using var http = owner.Http();
        await Expect.Json(await http.PutAsJsonAsync($"/api/admin/users/{kim.Id}/role", new { role = "moderator" }));
        await Expect.Json(await http.PutAsJsonAsync($"/api/admin/users/{kim.Id}/role", new { role = "moderator" }));   // no change, no entry
        await Expect.Status(await http.PostAsync($"/api/admin/users/{kim.Id}/deactivate", null), 204);
        await Expect.Status(await http.PostAsync($"/api/admin/users/{kim.Id}/reactivate", null), 204);
        await Expect.Status(await http.PostAsync($"/api/admin/users/{kim.Id}/sessions/end", null), 204);
        await Expect.Status(await http.PostAsJsonAsync("/api/admin/users", new { userName = "made", password = "a long enough password" }), 201);
        await Expect.Json(await http.PatchAsJsonAsync("/api/admin/settings", new { name = "Audited", maxMessageLength = 1000 }));
        var invite = await Expect.Json(await http.PostAsJsonAsync("/api/admin/invites", new { maxUses = 2 }), 201);
        await Expect.Status(await http.DeleteAsync($"/api/admin/invites/{invite.Id()}"), 204);
        await Expect.Status(await http.DeleteAsync($"/api/admin/invites/{invite.Id()}"), 204);   // already revoked: no second entry
        await Expect.Json(await http.PostAsync($"/api/rooms/{room}/archive", null));
        await Expect.Json(await http.PostAsync($"/api/rooms/{room}/unarchive", null));
        await Expect.Json(await http.PostAsJsonAsync($"/api/rooms/{room}/transfer", new { userId = bob.Id }));
        await Expect.Status(await http.DeleteAsync($"/api/rooms/{room}"), 204);

        await using var db = app.OpenDb();
        var entries = await db.AuditLog.Where(a => a.ActorId == owner.Id).ToListAsync();
        string[] actions = ["user.role", "user.deactivate", "user.reactivate", "user.sessions_end", "user.create", "server.settings", "invite.create",
            "invite.revoke", "room.archive", "room.unarchive", "room.transfer", "room.delete"];
        Assert.Equal(actions.Order(), entries.Select(e => e.Action).Order());
        Assert.All(entries.Where(e => e.Action.StartsWith("room.")), e => Assert.Equal(room, e.RoomId));
        Assert.All(entries.Where(e => e.Action.StartsWith("user.") && e.Action != "user.create"), e => Assert.Equal(kim.Id, e.TargetUserId));
        Assert.Contains("maxMessageLength", entries.Single(e => e.Action == "server.settings").Details);
    }
}
