using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Parley.Server.Accounts;
using Parley.Server.Messages;
using Parley.Tests.Infrastructure;
using Xunit;

namespace Parley.Tests;

/// <summary>Text that shows nothing, and reactions that aren't emoji, are refused wherever they come in.</summary>
public sealed class TextValidationTests
{
    [Theory]
    [InlineData("")]
    [InlineData(" \t\n\u00A0\u3000")]
    [InlineData("\u200B")] // zero-width space
    [InlineData("\u200C\u200D\u200E\u200F")] // joiners, direction marks
    [InlineData("\u2060\u2061\u2062\u2063\u2064")] // word joiner, invisible operators
    [InlineData("\uFEFF")] // byte order mark
    [InlineData("\u00AD")] // soft hyphen
    [InlineData("\u034F")] // combining grapheme joiner
    [InlineData("\u115F\u1160\u3164\uFFA0")] // Hangul fillers
    [InlineData("\u202A\u202B\u202C\u202D\u202E")] // bidi embeddings and overrides
    [InlineData("\u2066\u2067\u2068\u2069")] // bidi isolates
    [InlineData("\uFE0F\uFE00")] // variation selectors alone
    [InlineData("\uDB40\uDD00")] // U+E0100, a supplementary variation selector
    [InlineData(" \u200B \u2800 ")] // mixed, with the braille blank
    public void TextOfOnlyInvisibleCharactersIsBlank(string text) => Assert.True(VisibleText.IsBlank(text));

    [Theory]
    [InlineData("a")]
    [InlineData("\u200Bhi\u200B")]
    [InlineData("👍")]
    [InlineData("\u0627")] // Arabic alef
    [InlineData("\u3042")] // Hiragana a
    [InlineData("e\u0301")] // e with a combining acute
    [InlineData(".")]
    public void TextWithAnythingVisibleIsNotBlank(string text) => Assert.False(VisibleText.IsBlank(text));

    [Theory]
    [InlineData("👍")]
    [InlineData("👍🏽")] // skin tone
    [InlineData("👩‍👩‍👧")] // ZWJ sequence
    [InlineData("🧑🏽‍💻")] // skin tone inside a ZWJ sequence
    [InlineData("🏳️‍🌈")]
    [InlineData("❤️‍🔥")]
    [InlineData("🇫🇷")] // flag
    [InlineData("🏴󠁧󠁢󠁳󠁣󠁴󠁿")] // subdivision flag (tag sequence)
    [InlineData("1️⃣")] // keycap
    [InlineData("#⃣")] // keycap without the presentation selector
    [InlineData("❤️")]
    [InlineData("❤")] // text presentation is still an emoji
    [InlineData("🫠")]
    [InlineData(":tada:")] // a shortcode, drawn by clients as the emoji it names
    [InlineData(":+1:")]
    public void EmojiAreReactions(string emoji) => Assert.True(Emoji.IsReaction(emoji));

    [Theory]
    [InlineData("<script>")]
    [InlineData("\u202E:x:")]
    [InlineData(":x:\u202E")]
    [InlineData("a")]
    [InlineData("abc")]
    [InlineData("1")] // a digit, not a keycap
    [InlineData("\u202E")]
    [InlineData("\u2066")]
    [InlineData("\u200B")]
    [InlineData("\uFE0F")] // a variation selector alone
    [InlineData("\u200D👍")]
    [InlineData("👍\u200D")]
    [InlineData("👍👍")] // two emoji
    [InlineData("👍 ")]
    [InlineData("🇫")] // half a flag
    [InlineData(":two words:")]
    [InlineData(":Tada:")]
    [InlineData("::")]
    public void OtherTextIsNotAReaction(string text) => Assert.False(Emoji.IsReaction(text));

    [Fact]
    public async Task InvisibleMessagesAreRefusedOverRestAndTheHub()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, _, room) = await app.AliceAndBobInARoomAsync();
        using var http = alice.Http();
        await using var hub = await app.ConnectAsync(alice);
        foreach (var text in new[] { "\u200B", "\u202E\u2066", "\u3164\u115F", "\uFEFF \u00AD\n\u2060", "\uFE0F" })
        {
            await Expect.Problem(await http.PostAsJsonAsync($"/api/rooms/{room}/messages", TestUserApi.Send(text)), 400, "text");
            Assert.Contains("empty", await hub.InvokeExpectingErrorAsync("SendMessage", room, TestUserApi.Send(text)));
        }
        var sent = await hub.InvokeAsync("SendMessage", room, TestUserApi.Send("visible"));
        await Expect.Problem(await http.PatchAsJsonAsync($"/api/messages/{sent.GetProperty("id").GetGuid()}", new { text = "\u200B\u200B" }), 400, "text");
        // Client message ids are printable too: no invisible, direction or separator characters.
        foreach (var cmid in new[] { "id\u200B", "\u202Eid", "id\u2028" })
            await Expect.Problem(await http.PostAsJsonAsync($"/api/rooms/{room}/messages", new { clientMessageId = cmid, text = "hidden id" }), 400, "clientMessageId");
        await using var db = app.OpenDb();
        Assert.Equal(["visible"], await db.Messages.Where(m => m.RoomId == room && m.Kind == MessageKind.Text).Select(m => m.Text).ToListAsync());
    }

    [Fact]
    public async Task ReactionsMustBeEmojiOverRestAndTheHub()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var message = (await alice.PostMessageAsync(room, "react to me")).GetProperty("id").GetGuid();
        using var http = bob.Http();
        await using var hub = await app.ConnectAsync(bob);
        foreach (var bad in new[] { "<script>", "\u202E:x:", "abc", "\u2066", "\u200B" })
        {
            await Expect.Problem(await http.PostAsJsonAsync($"/api/messages/{message}/reactions", new { emoji = bad }), 400, "emoji");
            Assert.Contains("emoji", await hub.InvokeExpectingErrorAsync("ToggleReaction", message, bad), StringComparison.OrdinalIgnoreCase);
        }
        string[] good = ["👩‍👩‍👧", "👍🏽", "🇫🇷", "1️⃣", "❤️"];
        foreach (var emoji in good.Take(3)) await Expect.Status(await http.PostAsJsonAsync($"/api/messages/{message}/reactions", new { emoji }), 200);
        foreach (var emoji in good.Skip(3)) await hub.InvokeAsync("ToggleReaction", message, emoji);
        await using var db = app.OpenDb();
        Assert.Equal(good.Order(), (await db.Reactions.Where(r => r.MessageId == message).Select(r => r.Emoji).ToListAsync()).Order());
    }

    [Fact]
    public async Task InvisibleRoomAndDisplayNamesAreRefused()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync("alice", "Alice");
        using var http = alice.Http();
        using var anon = app.CreateHttpClient();
        foreach (var blank in new[] { "\u200B", "\u3164", "\u200B\u00AD\uFEFF", "\u2800" })
        {
            await Expect.Problem(await http.PostAsJsonAsync("/api/rooms", new { name = blank, visibility = "public" }), 400, "name");
            await Expect.Problem(await anon.PostAsJsonAsync("/api/auth/register",
                new { userName = "blank_" + Guid.NewGuid().ToString("N")[..8], password = "a long enough password", displayName = blank }), 400, "displayName");
            await Expect.Problem(await http.PatchAsJsonAsync("/api/me", new { displayName = blank }), 400, "displayName");
        }
        var room = await alice.CreateRoomAsync("lobby");
        await Expect.Problem(await http.PatchAsJsonAsync($"/api/rooms/{room}", new { name = "\u115F\u1160" }), 400, "name");
        await using var db = app.OpenDb();
        Assert.Equal("Alice", (await db.Users.SingleAsync(u => u.Id == alice.Id)).DisplayName);
        Assert.Equal(["lobby"], await db.Rooms.Select(r => r.Name).ToListAsync());
        Assert.False(await db.Users.AnyAsync(u => u.UserName!.StartsWith("blank_")));
    }
}
