using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Parley.Tests.Infrastructure;
using Xunit;

namespace Parley.Tests;

/// <summary>GET /api/search, /files, /people: what each kind of query finds, on SQLite and PostgreSQL alike.</summary>
public sealed class SearchTests
{
    internal static async Task<JsonElement> SearchPageAsync(TestUser u, string q, string more = "")
    {
        using var http = u.Http();
        return await Expect.Json(await http.GetAsync($"/api/search?q={Uri.EscapeDataString(q)}{more}"));
    }

    internal static async Task<List<JsonElement>> SearchAsync(TestUser u, string q, string more = "") =>
        (await SearchPageAsync(u, q, more)).GetProperty("items").EnumerateArray().ToList();

    /// <summary>The texts of the messages found, newest first.</summary>
    internal static async Task<List<string>> FoundAsync(TestUser u, string q, string more = "") =>
        (await SearchAsync(u, q, more)).Select(i => i.GetProperty("message").Text()).ToList();

    /// <summary>
    /// PostgreSQL's JIT compiled a search in 10–30 ms that ran in 5 (docs/benchmarks.md): Parley's connections turn it
    /// off unless the connection string gives its own Options.
    /// </summary>
    [Fact]
    public async Task PostgresConnectionsRunWithoutJit()
    {
        Assert.SkipUnless(ParleyApp.OnPostgres, "PostgreSQL's JIT: runs in the PostgreSQL suite.");
        await using var app = await ParleyApp.StartAsync();
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<Parley.Server.Data.ParleyDb>>().CreateDbContextAsync();
        Assert.Equal("off", await db.Database.SqlQueryRaw<string>("SELECT current_setting('jit') AS \"Value\"").SingleAsync());

        var own = Parley.Server.Data.DatabaseSetup.PreparePostgres("Host=db;Options=-c statement_timeout=5s");
        Assert.Contains("statement_timeout=5s", own);
        Assert.DoesNotContain("jit", own);

        // Pooled connections go back without Npgsql's seven-statement reset (docs/benchmarks.md), unless told otherwise.
        Assert.True(new Npgsql.NpgsqlConnectionStringBuilder(Parley.Server.Data.DatabaseSetup.PreparePostgres("Host=db")).NoResetOnClose);
        Assert.False(new Npgsql.NpgsqlConnectionStringBuilder(Parley.Server.Data.DatabaseSetup.PreparePostgres("Host=db;No Reset On Close=false")).NoResetOnClose);
    }

    /// <summary>
    /// PostgreSQL inlines parley_search_fold (migration SearchFoldInlines): a strict one went through the SQL-function
    /// executor, its body parsed and planned again in every INSERT, ANALYZE and search that folded. Inlined, a search's
    /// fold still matches the trigram index's.
    /// </summary>
    [Fact]
    public async Task PostgresFoldsTextInline()
    {
        Assert.SkipUnless(ParleyApp.OnPostgres, "PostgreSQL's fold: runs in the PostgreSQL suite.");
        await using var app = await ParleyApp.StartAsync();
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<Parley.Server.Data.ParleyDb>>().CreateDbContextAsync();
        await db.Database.OpenConnectionAsync(TestContext.Current.CancellationToken);
        async Task<string> PlanAsync(string sql)
        {
            await using var cmd = db.Database.GetDbConnection().CreateCommand();
            cmd.CommandText = "SET enable_seqscan = off; EXPLAIN (VERBOSE) " + sql;
            var lines = new List<string>();
            await using var rows = await cmd.ExecuteReaderAsync(TestContext.Current.CancellationToken);
            while (await rows.ReadAsync(TestContext.Current.CancellationToken)) lines.Add(rows.GetString(0));
            return string.Join('\n', lines);
        }

        var folded = await PlanAsync("SELECT parley_search_fold(text) FROM messages");
        Assert.Contains("CASE WHEN", folded);
        Assert.DoesNotContain("parley_search_fold", folded);
        Assert.Contains("ix_messages_search_trigram", await PlanAsync(
            "SELECT id FROM messages WHERE parley_search_fold(text) LIKE parley_search_fold('%Crème%') AND kind = 0 AND deleted_at IS NULL"));
    }

    /// <summary>A database made with LC_CTYPE C can't index CJK (pg_trgm sees no letters): the operator is told how to make it right.</summary>
    [Fact]
    public async Task PostgresDatabaseThatKnowsOnlyAsciiLettersIsWarnedOf()
    {
        Assert.SkipUnless(ParleyApp.OnPostgres, "PostgreSQL's LC_CTYPE: runs in the PostgreSQL suite.");
        foreach (var (ctype, warned) in new[] { ("C", true), ("C.UTF-8", false) })
        {
            var name = "parley_t_" + Guid.NewGuid().ToString("N")[..16];
            await using (var admin = new Npgsql.NpgsqlConnection(ParleyApp.PostgresAdmin))
            {
                await admin.OpenAsync(TestContext.Current.CancellationToken);
                await using var cmd = new Npgsql.NpgsqlCommand($"CREATE DATABASE {name} TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE '{ctype}'", admin);
                await cmd.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
            }
            var cs = new Npgsql.NpgsqlConnectionStringBuilder(ParleyApp.PostgresAdmin) { Database = name }.ToString();
            await using var app = await ParleyApp.StartOnAsync((cs, null, name));
            var warning = app.Logs.Where(l => l.Contains("LC_CTYPE", StringComparison.Ordinal)).ToList();
            if (warned) Assert.Contains(warning, l => l.Contains("search can't index CJK text", StringComparison.Ordinal) && l.Contains("LC_CTYPE 'C.UTF-8'", StringComparison.Ordinal));
            else Assert.Empty(warning);
        }
    }

    [Fact]
    public async Task FindsWordsInsideWordsCjkAddressesEmojiAndAccents()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, _, room) = await app.AliceAndBobInARoomAsync();
        string[] texts =
        [
            "The nightfall was early", "東京都に行きました", "write to bob@example.com today", "see https://example.org/docs/page for more",
            "a well-known state-of-the-art design", "party 🎉 tonight", "un café crème", "meeting at the cafe", "go team", "東京",
            "let's meet up", "meetings all day", "going home", "a plan for the lane",
            "gặp Nguyễn ở Việt Nam", "Zoe\u0308 arrives",
        ];
        foreach (var t in texts) await alice.PostMessageAsync(room, t);

        (string Query, string[] Found)[] table =
        [
            ("nightfall", ["The nightfall was early"]),
            ("ghtfa", ["The nightfall was early"]),
            ("NIGHTF", ["The nightfall was early"]),
            ("night", ["party 🎉 tonight", "The nightfall was early"]),
            ("東京", ["東京", "東京都に行きました"]),
            ("京都に", ["東京都に行きました"]),
            ("京", ["東京", "東京都に行きました"]),
            ("bob@example.com", ["write to bob@example.com today"]),
            ("example", ["see https://example.org/docs/page for more", "write to bob@example.com today"]),
            ("https://example.org/docs", ["see https://example.org/docs/page for more"]),
            ("state-of-the-art", ["a well-known state-of-the-art design"]),
            ("well-known", ["a well-known state-of-the-art design"]),
            ("🎉", ["party 🎉 tonight"]),
            ("café", ["meeting at the cafe", "un café crème"]),
            ("cafe", ["meeting at the cafe", "un café crème"]),
            ("CAFÉ crème", ["un café crème"]),
            ("go", ["go team"]),
            ("\"meeting at\"", ["meeting at the cafe"]),
            ("\"at meeting\"", []),
            ("\"state-of-the-art design\"", ["a well-known state-of-the-art design"]),
            ("\"東京都\"", ["東京都に行きました"]),
            ("meet*", ["meetings all day", "let's meet up", "meeting at the cafe"]),
            ("meeting -cafe", ["meetings all day"]),
            ("example -bob", ["see https://example.org/docs/page for more"]),
            ("nothing-like-this", []),
            // Every trigram of "plane" is in "a plan for the lane", but not the word.
            ("plane", []),
            ("lane -plane", ["a plan for the lane"]),
            // Letters with two accents, and an accent typed as a mark of its own.
            ("nguyen", ["gặp Nguyễn ở Việt Nam"]),
            ("VIET", ["gặp Nguyễn ở Việt Nam"]),
            ("zoë", ["Zoe\u0308 arrives"]),
        ];
        foreach (var (q, found) in table)
            Assert.True(found.SequenceEqual(await FoundAsync(alice, q)), $"{q}: expected [{string.Join(" | ", found)}], got [{string.Join(" | ", await FoundAsync(alice, q))}]");
    }

    [Fact]
    public async Task SnippetsAreEscapedAndMarkTheMatches()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, _, room) = await app.AliceAndBobInARoomAsync();
        await alice.PostMessageAsync(room, "<b>bold</b> & \"quoted\" café");
        await alice.PostMessageAsync(room, new string('x', 300) + " needle " + new string('y', 300));

        var hit = Assert.Single(await SearchAsync(alice, "bold cafe"));
        Assert.Equal("&lt;b&gt;<mark>bold</mark>&lt;/b&gt; &amp; &quot;quoted&quot; <mark>café</mark>", hit.GetProperty("snippet").GetString());
        var room1 = hit.GetProperty("room");
        Assert.Equal(room, room1.Id());
        Assert.Equal("public", room1.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, hit.GetProperty("score").ValueKind);

        var snippet = Assert.Single(await SearchAsync(alice, "needle")).GetProperty("snippet").GetString()!;
        Assert.StartsWith("…", snippet);
        Assert.EndsWith("…", snippet);
        Assert.Contains(" <mark>needle</mark> ", snippet);
        Assert.True(snippet.Length < 260, snippet);
    }

    [Fact]
    public async Task OperatorsNarrowBySenderRoomDateAttachmentAndMention()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, general) = await app.AliceAndBobInARoomAsync();
        var ops = await alice.CreateRoomAsync("ops-" + Guid.NewGuid().ToString("N")[..6], "private");
        var dm = await alice.OpenDmAsync(bob);
        var fromAlice = (await alice.PostMessageAsync(general, "status report from alice")).Id();
        var fromBob = (await bob.PostMessageAsync(general, $"status report from bob for @{alice.UserName}")).Id();
        var inOps = (await alice.PostMessageAsync(ops, "status report in ops https://ci.example/run/1")).Id();
        var inDm = (await bob.PostMessageAsync(dm, "status report in our dm")).Id();
        var file = await alice.UploadAsync(Encoding.UTF8.GetBytes("%PDF-1.7\nnotes\n%%EOF"), "notes.pdf", "application/pdf");
        var image = await alice.UploadAsync(TestFiles.Png(4, 4), "chart.png", "image/png");
        using (var http = alice.Http())
        {
            await Expect.Status(await http.PostAsJsonAsync($"/api/rooms/{general}/messages", new { clientMessageId = "f1", text = "status report attached", fileIds = new[] { file.Id() } }), 201);
            await Expect.Status(await http.PostAsJsonAsync($"/api/rooms/{general}/messages", new { clientMessageId = "f2", text = "status report chart", fileIds = new[] { image.Id() } }), 201);
        }

        Assert.Equal(["status report from bob for @" + alice.UserName, "status report in our dm"], (await FoundAsync(alice, "status from:@" + bob.UserName)).Order());
        Assert.Equal(4, (await FoundAsync(alice, $"status from:{alice.UserName}")).Count);
        Assert.Equal(6, (await FoundAsync(alice, $"status from:{alice.UserName} from:{bob.UserName}")).Count);
        var opsName = (await Expect.Json(await alice.Http().GetAsync($"/api/rooms/{ops}"))).GetProperty("room").GetProperty("name").GetString()!;
        Assert.Equal([inOps], (await SearchAsync(alice, $"status in:#{opsName}")).Select(i => i.GetProperty("message").Id()));
        Assert.Equal([inDm], (await SearchAsync(alice, $"status in:@{bob.UserName}")).Select(i => i.GetProperty("message").Id()));
        Assert.Equal(2, (await SearchAsync(alice, $"status in:#{opsName} in:@{bob.UserName}")).Count);
        Assert.Equal(["status report attached", "status report chart"], (await FoundAsync(alice, "has:file")).Order());
        Assert.Equal(["status report chart"], await FoundAsync(alice, "status has:image"));
        Assert.Equal([inOps], (await SearchAsync(alice, "has:link")).Select(i => i.GetProperty("message").Id()));
        Assert.Equal([fromBob], (await SearchAsync(alice, "is:mention")).Select(i => i.GetProperty("message").Id()));
        Assert.Empty(await SearchAsync(bob, "is:mention"));
        var dmHit = Assert.Single(await SearchAsync(alice, "our dm"));
        Assert.Equal("dm", dmHit.GetProperty("room").GetProperty("kind").GetString());
        Assert.DoesNotContain(alice.UserName, dmHit.GetProperty("room").GetProperty("name").GetString());

        // Dates are days in the searcher's time zone: 23:30 UTC on Nov 30 is Dec 1 in Paris.
        await using (var db = app.OpenDb())
        {
            await db.Messages.Where(m => m.Id == fromAlice).ExecuteUpdateAsync(s => s.SetProperty(m => m.CreatedAt, new DateTime(2026, 11, 30, 23, 30, 0, DateTimeKind.Utc)), TestContext.Current.CancellationToken);
            await db.Messages.Where(m => m.Id == fromBob).ExecuteUpdateAsync(s => s.SetProperty(m => m.CreatedAt, new DateTime(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc)), TestContext.Current.CancellationToken);
        }
        Assert.Equal([fromBob], (await SearchAsync(alice, "status on:2026-12-01")).Select(i => i.GetProperty("message").Id()));
        Assert.Equal([fromAlice], (await SearchAsync(alice, "status on:2026-11-30")).Select(i => i.GetProperty("message").Id()));
        using (var http = alice.Http())
            await Expect.Status(await http.PatchAsJsonAsync("/api/me", new { timeZone = "Europe/Paris" }), 200);
        Assert.Equal([fromBob, fromAlice], (await SearchAsync(alice, "status on:2026-12-01")).Select(i => i.GetProperty("message").Id()));
        Assert.Empty(await SearchAsync(alice, "status on:2026-11-30"));
        Assert.Equal([fromBob, fromAlice], (await SearchAsync(alice, "status after:2026-11-30 before:2026-12-02")).Select(i => i.GetProperty("message").Id()));
        // A page at a time under a before: date (PostgreSQL reads the newest messages below the date and the cursor first).
        var first = await SearchPageAsync(alice, "status before:2026-12-02", "&limit=1");
        Assert.Equal([fromBob], first.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("message").Id()));
        var second = await SearchPageAsync(alice, "status before:2026-12-02", "&limit=1&before=" + Uri.EscapeDataString(first.GetProperty("nextBefore").GetString()!));
        Assert.Equal([fromAlice], second.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("message").Id()));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextBefore").ValueKind);
        Assert.Equal(4, (await SearchAsync(alice, "status after:2026-12-01")).Count);
        Assert.Empty(await SearchAsync(alice, "status before:2026-12-01"));
    }

    [Fact]
    public async Task PagesNewestFirstAndByRelevance()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, _, room) = await app.AliceAndBobInARoomAsync();
        var sent = new List<Guid>();
        for (var i = 0; i < 5; i++) sent.Add((await alice.PostMessageAsync(room, $"page {i} of the kiwi log" + (i == 1 ? " kiwi kiwi kiwi" : ""))).Id());

        var seen = new List<Guid>();
        string? before = null;
        do
        {
            var page = await SearchPageAsync(alice, "kiwi", "&limit=2" + (before is null ? "" : "&before=" + Uri.EscapeDataString(before)));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("message").Id()));
            before = page.GetProperty("nextBefore").GetString();
        } while (before is not null);
        Assert.Equal(Enumerable.Reverse(sent), seen);

        var ranked = await SearchPageAsync(alice, "kiwi", "&sort=relevance&limit=3");
        var items = ranked.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(sent[1], items[0].GetProperty("message").Id());
        Assert.True(items[0].GetProperty("score").GetDouble() > items[1].GetProperty("score").GetDouble());
        var rest = await SearchPageAsync(alice, "kiwi", "&sort=relevance&limit=3&before=" + Uri.EscapeDataString(ranked.GetProperty("nextBefore").GetString()!));
        Assert.Equal(sent.Order(), items.Concat(rest.GetProperty("items").EnumerateArray()).Select(i => i.GetProperty("message").Id()).Order());
    }

    /// <summary>
    /// PostgreSQL reads a reader of few rooms room by room, newest first, and a reader of many rooms from the server's
    /// newest messages: either way a page is the newest matches across the rooms, in time order.
    /// </summary>
    [Fact]
    public async Task PagesAcrossRoomsAreNewestFirstForAReaderOfFewRoomsOrMany()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, _, first) = await app.AliceAndBobInARoomAsync();
        var rooms = new List<Guid> { first, await alice.CreateRoomAsync(visibility: "private"), await alice.CreateRoomAsync(visibility: "private") };
        var sent = new List<Guid>();
        for (var i = 0; i < 7; i++) sent.Add((await alice.PostMessageAsync(rooms[i % 3], $"walnut note {i}")).Id());
        await alice.PostMessageAsync(rooms[0], "nothing to find here");

        async Task<List<Guid>> AllPagesAsync()
        {
            var seen = new List<Guid>();
            string? before = null;
            do
            {
                var page = await SearchPageAsync(alice, "walnut", "&limit=2" + (before is null ? "" : "&before=" + Uri.EscapeDataString(before)));
                seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("message").Id()));
                before = page.GetProperty("nextBefore").GetString();
            } while (before is not null);
            return seen;
        }

        Assert.Equal(Enumerable.Reverse(sent), await AllPagesAsync());
        for (var i = 0; i < Parley.Server.Search.PostgresMessageSearch.WalkedRooms; i++) await alice.CreateRoomAsync(visibility: "private");
        Assert.Equal(Enumerable.Reverse(sent), await AllPagesAsync());
    }

    /// <summary>
    /// On PostgreSQL a phrase whose words its statistics count as rare is asked of the word index at once, without the
    /// walk of the newest messages, and with few rows holding it without the room index either (PostgresMessageSearch):
    /// found all the same, newest first, and never from a room the reader can't read.
    /// </summary>
    [Fact]
    public async Task PhrasesOfWordsTheDatabaseCountsAsRareAreFoundOnlyWhereTheyMayBeRead()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var secret = await bob.CreateRoomAsync(visibility: "private");
        var old = (await alice.PostMessageAsync(room, "a quokka xylophone at dawn")).Id();
        var hidden = (await bob.PostMessageAsync(secret, "the quokka xylophone nobody else may read")).Id();
        for (var i = 0; i < 160; i++) await alice.PostMessageAsync(room, $"the team will deploy the build {i}");
        var recent = (await alice.PostMessageAsync(room, "Quokka xylophone, again")).Id();
        if (ParleyApp.OnPostgres)
        {
            await using var db = await app.Services.GetRequiredService<IDbContextFactory<Parley.Server.Data.ParleyDb>>().CreateDbContextAsync();
            await db.Database.ExecuteSqlRawAsync("ANALYZE messages", TestContext.Current.CancellationToken);
        }

        var found = await SearchAsync(alice, "\"quokka xylophone\"");
        Assert.Equal([recent, old], found.Select(i => i.GetProperty("message").Id()));
        Assert.Equal([recent, hidden, old], (await SearchAsync(bob, "\"quokka xylophone\"")).Select(i => i.GetProperty("message").Id()));
        if (ParleyApp.OnPostgres)
        {
            // The statistics the search read: its words rare, the filler's common.
            await using var db = await app.Services.GetRequiredService<IDbContextFactory<Parley.Server.Data.ParleyDb>>().CreateDbContextAsync();
            var read = await app.Services.GetRequiredService<Parley.Server.Search.PostgresSearchStatistics>().GetAsync(db, TestContext.Current.CancellationToken);
            var shares = read?.Words;
            Assert.NotNull(shares);
            Assert.InRange(shares.Word("quokka"), 0, 0.02);
            Assert.InRange(shares.Word("deploy"), 0.9, 1);
        }
    }

    /// <summary>
    /// On PostgreSQL a term the server's newest messages (RecentText) hold seldom skips the walk of the reader's newest
    /// messages and is asked of the indexes at once: found all the same, newest first, never from a room the reader
    /// can't read. The sample counts readable messages only, folded as the indexes fold, the rooms' own apart.
    /// </summary>
    [Fact]
    public async Task TermsSeldomAmongTheNewestMessagesSkipTheWalkAndAreFoundAllTheSame()
    {
        Assert.SkipUnless(ParleyApp.OnPostgres, "PostgreSQL's way into its indexes: runs in the PostgreSQL suite.");
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var secret = await bob.CreateRoomAsync(visibility: "private");
        var old = (await alice.PostMessageAsync(room, "the Zyzzyvá beetle at dawn")).Id();
        var hidden = (await bob.PostMessageAsync(secret, "a zyzzyva nobody else may read")).Id();
        var deleted = (await alice.PostMessageAsync(room, "a zyzzyva soon gone")).Id();
        using (var http = alice.Http()) await Expect.Status(await http.DeleteAsync($"/api/messages/{deleted}"), 200);
        var filler = Enumerable.Range(0, 1_100).Select(i => $"the team will deploy the build {i}").ToList();
        foreach (var chunk in filler.Chunk(50)) await Task.WhenAll(chunk.Select(t => alice.PostMessageAsync(room, t)));
        var recent = (await alice.PostMessageAsync(room, "ZYZZYVAS again")).Id();

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<Parley.Server.Data.ParleyDb>>().CreateDbContextAsync();
        var read = await app.Services.GetRequiredService<Parley.Server.Search.PostgresSearchStatistics>().GetAsync(db, TestContext.Current.CancellationToken);
        var sample = Assert.IsType<Parley.Server.Search.RecentText>(read?.Recent);
        Assert.True(sample.Count >= 1_000, $"{sample.Count} messages kept");
        Assert.Equal((3, sample.Count), sample.Holding(["zyzzyv"])); // accents folded; the deleted one left out
        Assert.Equal(2, sample.Holding(["zyzzyv"], new HashSet<Guid> { room }).Holding);
        Assert.Equal((0, 1), sample.Holding(["deploy"], new HashSet<Guid> { secret }));
        Assert.Equal(1_100, sample.Holding(["DEPLOY", "build"]).Holding);

        Assert.Equal([recent, old], (await SearchAsync(alice, "zyzzyv")).Select(i => i.GetProperty("message").Id()));
        Assert.Equal([recent, hidden, old], (await SearchAsync(bob, "Zyzzyva")).Select(i => i.GetProperty("message").Id()));
        Assert.Equal(20, (await SearchAsync(alice, "deploy")).Count);
        // Before a date the walk is taken as it was (the newest messages say nothing of then): the same found.
        var later = DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal([recent, old], (await SearchAsync(alice, $"zyzzyv before:{later}")).Select(i => i.GetProperty("message").Id()));
    }

    [Fact]
    public async Task MistakesAre400sNamingThePartAtFault()
    {
        await using var app = await ParleyApp.StartAsync();
        var alice = await app.SignUpAsync();
        using var http = alice.Http();
        async Task<string> ProblemAsync(string query, string field) =>
            (await Expect.Problem(await http.GetAsync("/api/search" + query), 400, field)).GetProperty("errors").GetProperty(field)[0].GetString()!;

        Assert.Equal("Type something to search for.", await ProblemAsync("?q=", "q"));
        Assert.Equal("Type something to search for.", await ProblemAsync("", "q"));
        Assert.Equal("Unknown operator \"form:\". Did you mean \"from:\"?", await ProblemAsync("?q=form:alice", "q"));
        Assert.Equal("\"before:\" needs a date (2026-11-30, yesterday, today).", await ProblemAsync("?q=x+before:soon", "q"));
        Assert.Equal("\"from:@nobody_here\": no one is called @nobody_here.", await ProblemAsync("?q=from:@nobody_here", "q"));
        Assert.Equal("\"in:#nowhere\": no conversation you can read is called #nowhere.", await ProblemAsync("?q=x+in:%23nowhere", "q"));
        await ProblemAsync("?q=x&limit=0", "limit");
        await ProblemAsync("?q=x&limit=51", "limit");
        await ProblemAsync("?q=x&before=garbage", "before");
        await ProblemAsync("?q=x&sort=oldest", "sort");
        await ProblemAsync("/files?q=form:x", "q");
        await ProblemAsync("/people?q=", "q");
    }

    [Fact]
    public async Task FilesByNameAndTypeInConversationsYouCanRead()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var carol = await app.SignUpAsync();
        var secret = await bob.CreateRoomAsync(visibility: "private");
        var pdf = await alice.UploadAsync(Encoding.UTF8.GetBytes("%PDF-1.7\nq\n%%EOF"), "quarterly-report.pdf", "application/pdf");
        var png = await bob.UploadAsync(TestFiles.Png(4, 4), "team-photo.png", "image/png");
        var hidden = await bob.UploadAsync(Encoding.UTF8.GetBytes("%PDF-1.7\ns\n%%EOF"), "secret-report.pdf", "application/pdf");
        using (var http = alice.Http())
            await Expect.Status(await http.PostAsJsonAsync($"/api/rooms/{room}/messages", new { clientMessageId = "a", text = "numbers", fileIds = new[] { pdf.Id() } }), 201);
        using (var http = bob.Http())
        {
            await Expect.Status(await http.PostAsJsonAsync($"/api/rooms/{room}/messages", new { clientMessageId = "b", text = "us", fileIds = new[] { png.Id() } }), 201);
            await Expect.Status(await http.PostAsJsonAsync($"/api/rooms/{secret}/messages", new { clientMessageId = "c", text = "", fileIds = new[] { hidden.Id() } }), 201);
        }

        async Task<List<Guid>> FilesAsync(TestUser u, string q)
        {
            using var http = u.Http();
            var page = await Expect.Json(await http.GetAsync("/api/search/files?q=" + Uri.EscapeDataString(q)));
            return page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("file").Id()).ToList();
        }
        Assert.Equal([pdf.Id()], await FilesAsync(alice, "report"));
        Assert.Equal([hidden.Id(), pdf.Id()], await FilesAsync(bob, "report"));
        Assert.Equal([png.Id()], await FilesAsync(alice, "image"));
        Assert.Equal([png.Id()], await FilesAsync(alice, "has:image"));
        Assert.Equal([pdf.Id()], await FilesAsync(alice, "pdf"));
        Assert.Equal([png.Id()], await FilesAsync(alice, "from:@" + bob.UserName));
        Assert.Equal([png.Id()], await FilesAsync(carol, "photo"));
        Assert.Empty(await FilesAsync(carol, "secret"));
        using (var http = alice.Http())
        {
            var item = Assert.Single((await Expect.Json(await http.GetAsync("/api/search/files?q=quarterly"))).GetProperty("items").EnumerateArray());
            Assert.Equal("numbers", item.GetProperty("message").Text());
            Assert.Equal(room, item.GetProperty("room").Id());
        }
    }

    [Fact]
    public async Task PeopleYouShareAConversationWithComeFirst()
    {
        await using var app = await ParleyApp.StartAsync();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var alice = await app.SignUpAsync("alice_" + tag, "Alice");
        var stranger = await app.SignUpAsync("zed_" + tag, "Zed " + tag);
        var friend = await app.SignUpAsync("yan_" + tag, "Yan " + tag);
        var room = await alice.CreateRoomAsync(visibility: "private");
        await alice.InviteAsync(room, friend);
        using var http = alice.Http();
        var people = (await Expect.Json(await http.GetAsync($"/api/search/people?q={tag}"))).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([friend.Id, stranger.Id], people.Where(p => p.Id() != alice.Id).Select(p => p.Id()));
        Assert.True(people.Single(p => p.Id() == friend.Id).GetProperty("sharesRoom").GetBoolean());
        Assert.False(people.Single(p => p.Id() == stranger.Id).GetProperty("sharesRoom").GetBoolean());
        Assert.Equal(friend.Id, Assert.Single((await Expect.Json(await http.GetAsync("/api/search/people?q=yan%20" + tag))).GetProperty("items").EnumerateArray()).Id());
    }

    /// <summary>
    /// SQLite indexes new messages in catch-ups (Search/SqliteSearchIndex): those the group commit has indexed and those
    /// past its mark are found as they read now, after edits and deletes on either side of the mark. A deleted room
    /// that held the newest row gives its rowid to the next message, which is still found. PostgreSQL indexes each
    /// row as it is written: the same results.
    /// </summary>
    [Fact]
    public async Task MessagesIndexedAndStillToBeIndexedAreFoundAsTheyReadNow()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        var bulk = new List<Guid>();
        for (var i = 0; i < Parley.Server.Search.SqliteSearchIndex.CatchUpAt + 12; i++)
            bulk.Add((await alice.PostMessageAsync(room, $"bulk line{i:000}")).Id());
        var kept = (await alice.PostMessageAsync(room, "tail kept")).Id();
        var edited = (await bob.PostMessageAsync(room, "tail before")).Id();
        var deleted = (await alice.PostMessageAsync(room, "tail deleted")).Id();
        if (!ParleyApp.OnPostgres)
        {
            var (mark, newest) = await MarkAndNewestAsync(app);
            Assert.InRange(mark, 1, newest - 3); // the group commit caught up once; the tail lies past it
        }

        using var ah = alice.Http();
        using var bh = bob.Http();
        await Expect.Json(await ah.PatchAsJsonAsync($"/api/messages/{bulk[5]}", new { text = "renamed early" }));
        await Expect.Status(await ah.DeleteAsync($"/api/messages/{bulk[6]}"), 200);
        await Expect.Json(await bh.PatchAsJsonAsync($"/api/messages/{edited}", new { text = "tail after" }));
        await Expect.Status(await ah.DeleteAsync($"/api/messages/{deleted}"), 200);

        Assert.Equal(["tail after", "tail kept"], await FoundAsync(alice, "tail"));
        Assert.Empty(await FoundAsync(alice, "before"));
        Assert.Empty(await FoundAsync(alice, "deleted"));
        Assert.Equal(["renamed early"], await FoundAsync(alice, "renamed"));
        Assert.Empty(await FoundAsync(alice, "line005"));
        Assert.Empty(await FoundAsync(alice, "ine006"));
        Assert.Equal(["bulk line007"], await FoundAsync(alice, "line007"));
        Assert.Equal(["bulk line139"], await FoundAsync(alice, "ine139"));
        Assert.Equal(8, (await SearchAsync(alice, "ine00")).Count);   // 000–009 but the edited and the deleted
        Assert.Equal(10, (await SearchAsync(alice, "ine13")).Count);

        // Indexed now (the search caught up): an edit takes the old words out at once.
        await Expect.Json(await ah.PatchAsJsonAsync($"/api/messages/{kept}", new { text = "tail changed" }));
        Assert.Empty(await FoundAsync(alice, "kept"));
        Assert.Equal(["tail changed"], await FoundAsync(alice, "changed"));

        // The newest row goes with its room; the next message may take its rowid.
        var gone = await alice.CreateRoomAsync("soon-gone");
        await alice.PostMessageAsync(gone, "in a room about to go");
        Assert.Single(await FoundAsync(alice, "about to go"));
        var admin = await AdministrationTests.SignUpAsAsync(app, "admin", Parley.Server.Moderation.ServerRole.Admin);
        using (var asAdmin = admin.Http()) await Expect.Status(await asAdmin.DeleteAsync($"/api/rooms/{gone}"), 204);
        await alice.PostMessageAsync(room, "after the room went");
        Assert.Empty(await FoundAsync(alice, "about to go"));
        Assert.Equal(["after the room went"], await FoundAsync(alice, "went"));
    }

    private static async Task<(long Mark, long Newest)> MarkAndNewestAsync(ParleyApp app)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<Parley.Server.Data.ParleyDb>>().CreateDbContextAsync();
        var mark = await db.Database.SqlQueryRaw<long>("SELECT last_rowid AS \"Value\" FROM search_index_state").SingleAsync();
        var newest = await db.Database.SqlQueryRaw<long>("SELECT max(rowid) AS \"Value\" FROM messages").SingleAsync();
        return (mark, newest);
    }

    [Theory]
    [InlineData("_Search")]
    [InlineData("_SearchSpeed")] // PostgreSQL's faster fold: the column and indexes are rebuilt over what is stored
    [InlineData("_SearchPrefixes")] // SQLite's word index made again with prefixes
    [InlineData("_SearchRoomIndex")] // PostgreSQL's index on rooms alone, for the rooms' bitmap
    [InlineData("_SearchIndexedPerBatch")] // SQLite's new messages indexed by the group commit instead of a trigger
    [InlineData("_SearchIndexCatchesUp")] // SQLite's new messages indexed in catch-ups past a mark (undone, then done again)
    [InlineData("_SearchMergesInCatchUps")] // SQLite's segments merged by the catch-ups, not as FTS5 writes
    [InlineData("_SearchFoldInlines")] // PostgreSQL's fold made inlinable (undone, then done again)
    [InlineData("_SearchTrigramsWithoutPositions")] // SQLite's trigram table made again without positions (undone, then done again)
    public async Task MessagesStoredBeforeASearchMigrationAreFound(string migration)
    {
        var database = await ParleyApp.CreateDatabaseAsync();
        await using var app = await ParleyApp.StartOnAsync(database);
        var (alice, _, room) = await app.AliceAndBobInARoomAsync();
        await alice.PostMessageAsync(room, "written before search existed");
        await alice.PostMessageAsync(room, "Crème BRÛLÉE in Zürich");
        var gone = (await alice.PostMessageAsync(room, "written and deleted before search")).Id();
        using (var http = alice.Http()) await Expect.Status(await http.DeleteAsync($"/api/messages/{gone}"), 200);
        // A search indexes what is stored (SQLite's catch-up), so the migrations below have indexed rows to keep.
        Assert.Equal(["written before search existed"], await FoundAsync(alice, "written"));
        await app.StopServerAsync();
        await using (var db = SchemaTests.Context(database.ConnectionString))
        {
            var all = db.Database.GetMigrations().ToList();
            var at = all.FindIndex(m => m.EndsWith(migration, StringComparison.Ordinal));
            if (at < 0) return; // SearchSpeed, SearchRoomIndex and SearchFoldInlines are PostgreSQL's only, the others SQLite's
            await db.GetService<IMigrator>().MigrateAsync(all[at - 1], TestContext.Current.CancellationToken);
        }

        await app.RestartAsync();
        Assert.Equal(["written before search existed"], await FoundAsync(alice, "written"));
        Assert.Equal(["written before search existed"], await FoundAsync(alice, "exist*"));
        Assert.Equal(["Crème BRÛLÉE in Zürich"], await FoundAsync(alice, "creme brulee zurich"));
        Assert.Equal(["Crème BRÛLÉE in Zürich"], await FoundAsync(alice, "rûlé"));
        // And what is sent after the upgrade, by words and inside a word.
        await alice.PostMessageAsync(room, "sent after the upgrade");
        Assert.Equal(["sent after the upgrade"], await FoundAsync(alice, "upgrade"));
        Assert.Equal(["sent after the upgrade"], await FoundAsync(alice, "pgrad"));
    }
}
