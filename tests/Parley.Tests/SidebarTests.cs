using System.Net.Http.Json;
using System.Text.Json;
using Parley.Tests.Infrastructure;
using Xunit;

namespace Parley.Tests;

/// <summary>Sidebar sections (issue 21): the built-ins, your own sections, their order and collapse, favourites, moves; private to you.</summary>
public sealed class SidebarTests
{
    private static async Task<JsonElement> SidebarAsync(TestUser u)
    {
        using var http = u.Http();
        return await Expect.Json(await http.GetAsync("/api/sidebar"));
    }

    private static List<JsonElement> Sections(JsonElement layout) => layout.GetProperty("categories").EnumerateArray().ToList();

    /// <summary>"favourites", "rooms", "direct", or a custom section's name: the sections as a user reads them, in order.</summary>
    private static List<string> Titles(JsonElement layout) =>
        Sections(layout).Select(c => c.GetProperty("kind").GetString() == "custom" ? c.GetProperty("name").GetString()! : c.GetProperty("kind").GetString()!).ToList();

    private static JsonElement Section(JsonElement layout, string title) => Sections(layout).Single(c =>
        c.GetProperty("kind").GetString() == "custom" ? c.GetProperty("name").GetString() == title : c.GetProperty("kind").GetString() == title);

    private static List<Guid> RoomsIn(JsonElement layout, string title) =>
        Section(layout, title).GetProperty("roomIds").EnumerateArray().Select(x => x.GetGuid()).ToList();

    private static async Task<Guid> CreateSectionAsync(TestUser u, string name)
    {
        using var http = u.Http();
        var created = await Expect.Json(await http.PostAsJsonAsync("/api/sidebar/categories", new { name }), 201);
        Assert.Equal("custom", created.GetProperty("kind").GetString());
        Assert.Equal(name, created.GetProperty("name").GetString());
        return created.Id();
    }

    private static async Task<HttpResponseMessage> PlaceAsync(TestUser u, Guid room, Guid? categoryId)
    {
        using var http = u.Http();
        return await http.PutAsJsonAsync($"/api/rooms/{room}/sidebar", new { categoryId });
    }

    private static async Task<HttpResponseMessage> FavouriteAsync(TestUser u, Guid room, bool favourite)
    {
        using var http = u.Http();
        return await http.PutAsJsonAsync($"/api/rooms/{room}/favourite", new { favourite });
    }

    [Fact]
    public async Task EveryConversationStartsInRoomsOrDirectMessagesUnderAnEmptyFavourites()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var other = await alice.CreateRoomAsync("other", "private");
        var dm = await alice.OpenDmAsync(bob);
        var carol = await app.SignUpAsync("carol");
        var group = await alice.OpenDmAsync(bob, carol);
        await bob.CreateRoomAsync("bobs"); // not alice's

        var layout = await SidebarAsync(alice);
        Assert.Equal(["favourites", "rooms", "direct"], Titles(layout));
        Assert.All(Sections(layout), c =>
        {
            Assert.Equal(JsonValueKind.Null, c.GetProperty("name").ValueKind);
            Assert.False(c.GetProperty("collapsed").GetBoolean());
        });
        Assert.Empty(RoomsIn(layout, "favourites"));
        Assert.Equal([other, room], RoomsIn(layout, "rooms")); // most recent activity first
        Assert.Equal([group, dm], RoomsIn(layout, "direct"));

        // Made once: a second read (and another tab's) sees the same sections.
        var again = await SidebarAsync(alice);
        Assert.Equal(Sections(layout).Select(c => c.Id()), Sections(again).Select(c => c.Id()));
        // Bob's are his own.
        var bobs = await SidebarAsync(bob);
        Assert.Empty(Sections(bobs).Select(c => c.Id()).Intersect(Sections(layout).Select(c => c.Id())));
    }

    [Fact]
    public async Task SectionsAreCreatedRenamedCollapsedReorderedAndDeleted()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, _, room) = await app.AliceAndBobInARoomAsync();
        using var http = alice.Http();

        var work = await CreateSectionAsync(alice, "Work");
        var later = await CreateSectionAsync(alice, "Later");
        Assert.Equal(["favourites", "Work", "Later", "rooms", "direct"], Titles(await SidebarAsync(alice)));

        // Rename and collapse, each alone or together; a built-in collapses but keeps its name.
        var renamed = await Expect.Json(await http.PatchAsJsonAsync($"/api/sidebar/categories/{work}", new { name = "  Projects  " }));
        Assert.Equal(["favourites", "Projects", "Later", "rooms", "direct"], Titles(renamed));
        var rooms = Section(renamed, "rooms").Id();
        var collapsed = await Expect.Json(await http.PatchAsJsonAsync($"/api/sidebar/categories/{rooms}", new { collapsed = true }));
        Assert.True(Section(collapsed, "rooms").GetProperty("collapsed").GetBoolean());
        Assert.Equal([room], RoomsIn(collapsed, "rooms"));

        // Reordered as given, and read back so.
        var ids = Sections(collapsed).Select(c => c.Id()).ToList();
        var order = new[] { ids[3], ids[4], ids[2], ids[0], ids[1] };
        var reordered = await Expect.Json(await http.PutAsJsonAsync("/api/sidebar/order", new { categoryIds = order }));
        Assert.Equal(["rooms", "direct", "Later", "favourites", "Projects"], Titles(reordered));
        Assert.Equal(Titles(reordered), Titles(await SidebarAsync(alice)));

        // A room in a section that is deleted goes back to Rooms.
        await Expect.Json(await PlaceAsync(alice, room, later));
        Assert.Equal([room], RoomsIn(await SidebarAsync(alice), "Later"));
        var afterDelete = await Expect.Json(await http.DeleteAsync($"/api/sidebar/categories/{later}"));
        Assert.Equal(["rooms", "direct", "favourites", "Projects"], Titles(afterDelete));
        Assert.Equal([room], RoomsIn(afterDelete, "rooms"));
        await Expect.Problem(await http.DeleteAsync($"/api/sidebar/categories/{later}"), 404);
        Assert.Equal(Titles(afterDelete), Titles(await SidebarAsync(alice)));
    }

    [Fact]
    public async Task BadInputIsRefusedNamingTheFieldAndChangesNothing()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, _, room) = await app.AliceAndBobInARoomAsync();
        using var http = alice.Http();
        var work = await CreateSectionAsync(alice, "Work");
        var before = await SidebarAsync(alice);
        var favourites = Section(before, "favourites").Id();
        var ids = Sections(before).Select(c => c.Id()).ToList();

        foreach (var name in new[] { "", "   ", new string('x', 41), "two\nlines", "\u202Eevil" })
            await Expect.Problem(await http.PostAsJsonAsync("/api/sidebar/categories", new { name }), 400, "name");
        await Expect.Problem(await http.PostAsJsonAsync("/api/sidebar/categories", new { }), 400, "name");
        await Expect.Problem(await http.PostAsJsonAsync("/api/sidebar/categories", new { name = "work" }), 409, "name"); // taken, whatever the case
        await Expect.Problem(await http.PatchAsJsonAsync($"/api/sidebar/categories/{work}", new { name = "", collapsed = true }), 400, "name");
        await Expect.Problem(await http.PatchAsJsonAsync($"/api/sidebar/categories/{favourites}", new { name = "Best" }), 400, "name");
        await Expect.Problem(await http.DeleteAsync($"/api/sidebar/categories/{favourites}"), 400, "id");

        foreach (var order in new[] { ids.Take(3).ToArray(), [.. ids, ids[0]], [ids[0], ids[0], ids[1], ids[2]], [.. ids.Take(3), Guid.NewGuid()] })
            await Expect.Problem(await http.PutAsJsonAsync("/api/sidebar/order", new { categoryIds = order }), 400, "categoryIds");
        await Expect.Problem(await http.PutAsJsonAsync("/api/sidebar/order", new { }), 400, "categoryIds");

        await Expect.Problem(await PlaceAsync(alice, room, Section(before, "direct").Id()), 400, "categoryId"); // a room isn't a DM
        await Expect.Problem(await http.PutAsJsonAsync($"/api/rooms/{room}/favourite", new { }), 400, "favourite");

        var after = await SidebarAsync(alice);
        Assert.Equal(before.GetRawText(), after.GetRawText());
    }

    [Fact]
    public async Task ConversationsMoveBetweenSectionsAndInAndOutOfFavourites()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var dm = await alice.OpenDmAsync(bob);
        var work = await CreateSectionAsync(alice, "Work");
        await using var hub = await app.ConnectAsync(alice);

        var moved = await Expect.Json(await PlaceAsync(alice, room, work));
        Assert.Equal([room], RoomsIn(moved, "Work"));
        Assert.Empty(RoomsIn(moved, "rooms"));
        var dmToWork = await Expect.Json(await PlaceAsync(alice, dm, work)); // a DM may go in a section of yours too
        Assert.Equal([dm, room], RoomsIn(dmToWork, "Work"));

        var favoured = await Expect.Json(await FavouriteAsync(alice, dm, true));
        Assert.Equal([dm], RoomsIn(favoured, "favourites"));
        Assert.Equal([room], RoomsIn(favoured, "Work"));
        // Again: no change, and no event for it.
        await hub.WaitForAsync("SidebarChanged", e => RoomsIn(e, "favourites").Contains(dm));
        var events = hub.Events("SidebarChanged").Count;
        Assert.Equal(favoured.GetRawText(), (await Expect.Json(await FavouriteAsync(alice, dm, true))).GetRawText());
        // Unfavouriting something not in Favourites changes nothing either.
        await Expect.Json(await FavouriteAsync(alice, room, false));
        await alice.MarkAsync(hub);
        Assert.Equal(events, hub.Events("SidebarChanged").Count);

        // Out of Favourites: back to its default, not to where it was before.
        var unfavoured = await Expect.Json(await FavouriteAsync(alice, dm, false));
        Assert.Empty(RoomsIn(unfavoured, "favourites"));
        Assert.Equal([dm], RoomsIn(unfavoured, "direct"));

        // To the default: by null, or by naming the built-in of its kind.
        Assert.Equal([room], RoomsIn(await Expect.Json(await PlaceAsync(alice, room, null)), "rooms"));
        await Expect.Json(await PlaceAsync(alice, room, work));
        var home = Section(await SidebarAsync(alice), "rooms").Id();
        Assert.Equal([room], RoomsIn(await Expect.Json(await PlaceAsync(alice, room, home)), "rooms"));
        // The favourites section itself works as a target too.
        var favourites = Section(await SidebarAsync(alice), "favourites").Id();
        Assert.Equal([room], RoomsIn(await Expect.Json(await PlaceAsync(alice, room, favourites)), "favourites"));
        // Bob's sidebar never moved.
        var bobs = await SidebarAsync(bob);
        Assert.Equal([room], RoomsIn(bobs, "rooms"));
        Assert.Equal([dm], RoomsIn(bobs, "direct"));
    }

    [Fact]
    public async Task AnotherUsersSectionsAndRoomsYouAreNotInAreNotFound()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var alices = await CreateSectionAsync(alice, "Alice's");
        await Expect.Json(await PlaceAsync(alice, room, alices));
        var alicesBefore = await SidebarAsync(alice);
        var carol = await app.SignUpAsync("carol");
        var secret = await carol.CreateRoomAsync("secret", "private");
        var notJoined = await carol.CreateRoomAsync("open-but-not-joined");
        var bobsOwn = await CreateSectionAsync(bob, "Bob's");
        using var bh = bob.Http();

        await Expect.Problem(await bh.PatchAsJsonAsync($"/api/sidebar/categories/{alices}", new { name = "Mine now", collapsed = true }), 404);
        await Expect.Problem(await bh.DeleteAsync($"/api/sidebar/categories/{alices}"), 404);
        await Expect.Problem(await PlaceAsync(bob, room, alices), 404);
        // Someone else's section in an order is not one of yours.
        var bobIds = Sections(await SidebarAsync(bob)).Select(c => c.Id()).ToList();
        await Expect.Problem(await bh.PutAsJsonAsync("/api/sidebar/order", new { categoryIds = bobIds.Take(bobIds.Count - 1).Append(alices) }), 400, "categoryIds");

        foreach (var r in new[] { secret, notJoined, Guid.NewGuid() })
        {
            await Expect.Problem(await PlaceAsync(bob, r, bobsOwn), 404);
            await Expect.Problem(await FavouriteAsync(bob, r, true), 404);
        }
        Assert.Equal(alicesBefore.GetRawText(), (await SidebarAsync(alice)).GetRawText());
        var bobs = await SidebarAsync(bob);
        Assert.Empty(RoomsIn(bobs, "Bob's"));
        Assert.DoesNotContain(Sections(bobs), c => c.GetProperty("roomIds").EnumerateArray().Any(x => x.GetGuid() == secret || x.GetGuid() == notJoined));
    }

    [Fact]
    public async Task LeavingARoomDropsItFromItsSectionAndRejoiningStartsInRooms()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var work = await CreateSectionAsync(bob, "Work");
        await Expect.Json(await FavouriteAsync(bob, room, true));
        using var bh = bob.Http();

        await Expect.Status(await bh.PostAsync($"/api/rooms/{room}/leave", null), 204);
        var left = await SidebarAsync(bob);
        Assert.DoesNotContain(Sections(left), c => c.GetProperty("roomIds").EnumerateArray().Any(x => x.GetGuid() == room));
        await Expect.Problem(await PlaceAsync(bob, room, work), 404);

        await bob.JoinAsync(room);
        var back = await SidebarAsync(bob);
        Assert.Equal([room], RoomsIn(back, "rooms"));
        Assert.Empty(RoomsIn(back, "favourites"));
        Assert.Single(RoomsIn(await SidebarAsync(alice), "rooms")); // hers stayed
    }

    [Fact]
    public async Task ChangesReachEveryConnectionOfTheUserAndNobodyElse()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        await using var tab1 = await app.ConnectAsync(alice);
        await using var tab2 = await app.ConnectAsync(alice);
        await using var bobHub = await app.ConnectAsync(bob);

        var work = await CreateSectionAsync(alice, "Work");
        foreach (var tab in new[] { tab1, tab2 })
        {
            var changed = await tab.WaitForAsync("SidebarChanged", e => e.GetProperty("categories").EnumerateArray().Any(c => c.Id() == work));
            Assert.Equal(["favourites", "Work", "rooms", "direct"], Titles(changed));
        }
        await Expect.Json(await PlaceAsync(alice, room, work));
        var moved = await tab2.WaitForAsync("SidebarChanged", e => RoomsIn(e, "Work").Contains(room));
        Assert.Empty(RoomsIn(moved, "rooms"));
        using (var ah = alice.Http())
            await Expect.Json(await ah.PatchAsJsonAsync($"/api/sidebar/categories/{work}", new { collapsed = true }));
        await tab1.WaitForAsync("SidebarChanged", e => Section(e, "Work").GetProperty("collapsed").GetBoolean());

        // Bob, in the same room, heard nothing of it.
        await bob.MarkAsync(bobHub);
        Assert.Empty(bobHub.Events("SidebarChanged"));
    }

    [Fact]
    public async Task AUserHasAtMostFiftySectionsOfTheirOwn()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice");
        for (var i = 0; i < 50; i++) await CreateSectionAsync(alice, $"Section {i}");
        using var http = alice.Http();
        await Expect.Problem(await http.PostAsJsonAsync("/api/sidebar/categories", new { name = "One more" }), 409);
        var layout = await SidebarAsync(alice);
        Assert.Equal(53, Sections(layout).Count);
        Assert.Equal("Section 49", Titles(layout)[^3]); // each new one after the others, before Rooms
    }
}
