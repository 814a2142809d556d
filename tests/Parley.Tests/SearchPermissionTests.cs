using System.Net.Http.Json;
using System.Text;
using Parley.Server.Moderation;
using Parley.Tests.Infrastructure;
using Xunit;

namespace Parley.Tests;

/// <summary>Search finds exactly what the user may read: the permission matrix, on SQLite and PostgreSQL.</summary>
public sealed class SearchPermissionTests
{
    [Fact]
    public async Task SearchFindsExactlyWhatEachPersonMayRead()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync();
        var bob = await app.SignUpAsync();
        var carol = await app.SignUpAsync();
        var gus = await app.SignUpAsync();
        await app.SetRoleAsync(gus.Id, ServerRole.Guest);

        var privateMember = await bob.CreateRoomAsync(visibility: "private");
        await bob.InviteAsync(privateMember, alice, carol, gus);
        var privateOther = await bob.CreateRoomAsync(visibility: "private");
        var privateLeft = await bob.CreateRoomAsync(visibility: "private");
        await bob.InviteAsync(privateLeft, alice);
        var publicNotJoined = await bob.CreateRoomAsync(visibility: "public");
        var publicLeft = await bob.CreateRoomAsync(visibility: "public");
        await alice.JoinAsync(publicLeft);
        var publicBanned = await bob.CreateRoomAsync(visibility: "public");
        var dm = await alice.OpenDmAsync(bob);
        var strangersDm = await bob.OpenDmAsync(carol);

        async Task<Guid> PostAsync(TestUser who, Guid room, string text) => (await who.PostMessageAsync(room, text)).Id();
        var inPrivate = await PostAsync(bob, privateMember, "zebra in the private room");
        var inOther = await PostAsync(bob, privateOther, "zebra in a private room alice is not in");
        var inLeft = await PostAsync(bob, privateLeft, "zebra in a private room alice left");
        var inPublic = await PostAsync(bob, publicNotJoined, "zebra in a public room alice never joined");
        var inPublicLeft = await PostAsync(bob, publicLeft, "zebra in a public room alice left");
        var inBanned = await PostAsync(bob, publicBanned, "zebra in a public room alice is banned from");
        var inDm = await PostAsync(bob, dm, "zebra in the dm");
        var inStrangersDm = await PostAsync(bob, strangersDm, "zebra between bob and carol");
        var deleted = await PostAsync(bob, privateMember, "zebra deleted");
        var edited = await PostAsync(bob, privateMember, "zebra before the edit oldword");
        var fromCarol = await PostAsync(carol, privateMember, "zebra from carol");
        var file = await bob.UploadAsync(Encoding.UTF8.GetBytes("%PDF-1.7\nz\n%%EOF"), "zebra-notes.pdf", "application/pdf");
        using (var http = bob.Http())
        {
            var withFile = await Expect.Json(await http.PostAsJsonAsync($"/api/rooms/{privateMember}/messages", new { clientMessageId = "f", text = "notes", fileIds = new[] { file.Id() } }), 201);
            await Expect.Status(await http.DeleteAsync($"/api/messages/{withFile.Id()}"), 200);
            await Expect.Status(await http.DeleteAsync($"/api/messages/{deleted}"), 200);
            await Expect.Status(await http.PatchAsJsonAsync($"/api/messages/{edited}", new { text = "zebra after the edit newword" }), 200);
            await Expect.Status(await http.PutAsJsonAsync($"/api/rooms/{publicBanned}/bans/{alice.Id}", new { reason = "test" }), 200);
        }
        using (var http = alice.Http())
        {
            await Expect.Status(await http.PostAsync($"/api/rooms/{privateLeft}/leave", null), 204);
            await Expect.Status(await http.PostAsync($"/api/rooms/{publicLeft}/leave", null), 204);
            await Expect.Status(await http.PutAsync($"/api/blocks/{carol.Id}", null), 200);
        }
        // Newer messages alice may not read: a search that filtered after its LIMIT would return nothing.
        for (var i = 0; i < 5; i++) await PostAsync(bob, privateOther, $"zebra crowd {i}");

        async Task<List<Guid>> FindAsync(TestUser who, string q, string more = "") =>
            (await SearchTests.SearchAsync(who, q, more)).Select(i => i.GetProperty("message").Id()).Order().ToList();

        Assert.Equal(new[] { inPrivate, inPublic, inPublicLeft, inDm, edited }.Order(), await FindAsync(alice, "zebra"));
        Assert.Equal(new[] { inPrivate, inPublic, inPublicLeft, inDm, edited }.Order(), await FindAsync(alice, "zeb*"));
        Assert.Equal(2, (await FindAsync(alice, "zebra", "&limit=2")).Count);
        Assert.Equal([edited], await FindAsync(alice, "newword"));
        Assert.Empty(await FindAsync(alice, "oldword"));
        Assert.Empty(await FindAsync(alice, "deleted"));
        Assert.Empty(await FindAsync(bob, "deleted"));
        Assert.Empty(await FindAsync(alice, "carol"));
        Assert.Empty(await FindAsync(alice, "crowd"));
        Assert.Contains(fromCarol, await FindAsync(bob, "zebra"));

        // A guest: the room he was brought into, nothing public.
        Assert.Equal(new[] { inPrivate, edited, fromCarol }.Order(), await FindAsync(gus, "zebra"));
        // Carol: her room and her DM, and the public rooms; not the DM of others or a private room she isn't in.
        Assert.Equal(new[] { inPrivate, edited, fromCarol, inStrangersDm, inPublic, inPublicLeft, inBanned }.Order(), await FindAsync(carol, "zebra"));

        // Operators never open a way around it.
        Assert.Empty(await FindAsync(alice, "zebra from:@" + bob.UserName + " has:file"));
        using (var http = alice.Http())
        {
            Assert.Empty((await Expect.Json(await http.GetAsync("/api/search/files?q=zebra"))).GetProperty("items").EnumerateArray());
            var otherName = (await Expect.Json(await bob.Http().GetAsync($"/api/rooms/{privateOther}"))).GetProperty("room").GetProperty("name").GetString();
            await Expect.Problem(await http.GetAsync($"/api/search?q=zebra+in:%23{otherName}"), 400, "q");
        }
        // Someone outside the guest's conversations doesn't exist for him, in search as anywhere.
        var dave = await app.SignUpAsync();
        using (var http = gus.Http())
        {
            await Expect.Problem(await http.GetAsync("/api/search?q=zebra+from:@" + dave.UserName), 400, "q");
            Assert.Empty((await Expect.Json(await http.GetAsync("/api/search/people?q=" + dave.UserName))).GetProperty("items").EnumerateArray());
            Assert.Single((await Expect.Json(await http.GetAsync("/api/search/people?q=" + alice.UserName))).GetProperty("items").EnumerateArray());
        }
    }

    [Fact]
    public async Task ArchivedRoomsStaySearchableByThoseWhoCouldReadThem()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync();
        var bob = await app.SignUpAsync();
        var carol = await app.SignUpAsync();
        var room = await bob.CreateRoomAsync(visibility: "private");
        await bob.InviteAsync(room, alice);
        var kept = (await bob.PostMessageAsync(room, "okapi in the archive")).Id();
        using (var http = bob.Http()) await Expect.Status(await http.PostAsync($"/api/rooms/{room}/archive", null), 200);

        Assert.Equal([kept], (await SearchTests.SearchAsync(alice, "okapi")).Select(i => i.GetProperty("message").Id()));
        Assert.Empty(await SearchTests.SearchAsync(carol, "okapi"));
    }
}
