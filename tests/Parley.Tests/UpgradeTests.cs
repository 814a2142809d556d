using System.Data.Common;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Parley.Server.Accounts;
using Parley.Server.Data;
using Parley.Tests.Infrastructure;
using Xunit;

namespace Parley.Tests;

/// <summary>
/// A database made by an earlier release (the hand-written schema scripts, then people using it) is adopted by the
/// EF migrations at start-up, with everything in it intact.
/// </summary>
public sealed class UpgradeTests
{
    private const string Password = "a long enough password";

    [Fact]
    public async Task PopulatedDatabaseOfTheLastHandWrittenReleaseKeepsEveryMessageFileAndMembership()
    {
        var database = await ParleyApp.CreateDatabaseAsync();
        var filesPath = Path.Combine(Path.GetTempPath(), "parley-tests", "files-" + Guid.NewGuid().ToString("N"));
        var old = await LastReleaseAsync(database.ConnectionString, filesPath);

        await using var app = await ParleyApp.StartOnAsync(database, new Dictionary<string, string?> { ["Parley:Files:Path"] = filesPath });
        var alice = await SignInAsync(app, old.AliceId, old.AliceName);
        var bob = await SignInAsync(app, old.BobId, old.BobName);

        // Roles came with this release: the oldest account owns the server, as the first one does on a fresh server.
        using (var http = alice.Http()) Assert.Equal("owner", (await Expect.Json(await http.GetAsync("/api/me"))).GetProperty("role").GetString());
        using (var http = bob.Http()) Assert.Equal("member", (await Expect.Json(await http.GetAsync("/api/me"))).GetProperty("role").GetString());

        // Memberships: both are in the room, with their roles; Bob's unread and mention counts come from his read state.
        using (var http = alice.Http())
        {
            var detail = await Expect.Json(await http.GetAsync($"/api/rooms/{old.RoomId}"));
            Assert.Equal("general", detail.GetProperty("room").GetProperty("name").GetString());
            Assert.Equal([(old.AliceId, "owner"), (old.BobId, "member")],
                detail.GetProperty("members").EnumerateArray().Select(m => (m.GetProperty("userId").GetGuid(), m.GetProperty("role").GetString())).OrderBy(m => m.Item2 == "member"));
        }
        var summary = await bob.RoomInListAsync(old.RoomId);
        Assert.Equal(2, summary.GetProperty("unreadCount").GetInt32());
        Assert.Equal(1, summary.GetProperty("mentionCount").GetInt32());
        Assert.Equal(old.Messages[2], summary.GetProperty("lastMessage").Id());

        // Messages, with their mention, file and reaction.
        var history = await bob.MessagesAsync(old.RoomId);
        Assert.Equal(old.Messages, history.Select(m => m.Id()));
        Assert.Equal([1L, 2, 3], history.Select(m => m.Seq()));
        Assert.Equal(["hello @" + old.BobName, "the notes", "nice"], history.Select(m => m.Text()));
        Assert.Equal([old.BobId], history[0].GetProperty("mentions").EnumerateArray().Select(x => x.GetGuid()));
        var file = Assert.Single(history[1].GetProperty("files").EnumerateArray());
        Assert.Equal(old.FileId, file.Id());
        Assert.Equal("notes.txt", file.GetProperty("name").GetString());
        var reaction = Assert.Single(history[2].GetProperty("reactions").EnumerateArray());
        Assert.Equal("👍", reaction.GetProperty("emoji").GetString());
        Assert.Equal([old.BobId], reaction.GetProperty("userIds").EnumerateArray().Select(x => x.GetGuid()));
        var mention = Assert.Single((await Expect.Json(await bob.Http().GetAsync("/api/mentions"))).GetProperty("items").EnumerateArray());
        Assert.Equal(old.Messages[0], mention.GetProperty("message").Id());

        // The file's bytes, for the room's members.
        using (var http = alice.Http())
            Assert.Equal(old.FileBytes, await http.GetByteArrayAsync($"/api/files/{old.FileId}/content"));

        // The room goes on where it was, and a restart migrates nothing more.
        var sent = await bob.PostMessageAsync(old.RoomId, "still here");
        Assert.Equal(4, sent.Seq());
        await app.RestartAsync();
        Assert.Equal(4, (await alice.MessagesAsync(old.RoomId)).Last().Seq());
        // Threads came later: the old messages start none, and any of them can start one.
        Assert.All(history, m => Assert.Equal(JsonValueKind.Null, m.GetProperty("thread").ValueKind));
        using (var http = alice.Http())
        {
            var reply = await Expect.Json(await http.PostAsJsonAsync($"/api/rooms/{old.RoomId}/messages",
                new { clientMessageId = "thread-1", text = "in a thread", threadRootId = old.Messages[0] }), 201);
            Assert.Equal(5, reply.Seq());
            var root = (await Expect.Json(await http.GetAsync($"/api/threads/{old.Messages[0]}"))).GetProperty("root");
            Assert.Equal(1, root.GetProperty("thread").GetProperty("replyCount").GetInt32());
        }
        await using var db = SchemaTests.Context(database.ConnectionString);
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        Assert.Empty(await SchemaTests.MigrateAsync(database.ConnectionString));
    }

    [Fact]
    public async Task DatabaseOfAnOlderHandWrittenVersionIsCompletedThenAdopted()
    {
        var database = await ParleyApp.CreateDatabaseAsync();
        var fresh = await ParleyApp.CreateDatabaseAsync();
        try
        {
            var aliceId = Guid.CreateVersion7();
            var aliceName = "alice_" + Guid.NewGuid().ToString("N")[..8];
            await using (var conn = SchemaCatalog.Open(database.ConnectionString))
            {
                await conn.OpenAsync();
                await Sql.ExecAsync(conn, ParleyApp.OnPostgres
                    ? "CREATE TABLE schema_version (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"
                    : "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))", default);
                foreach (var s in LegacySchema.Scripts(ParleyApp.OnPostgres).Take(5)) // the release with voice messages
                {
                    await Sql.ExecAsync(conn, s.Sql, default);
                    await Sql.ExecAsync(conn, $"INSERT INTO schema_version (version, name) VALUES ({s.Version}, '{s.Name}')", default);
                }
                await InsertUserAsync(conn, aliceId, aliceName);
            }

            await using (var app = await ParleyApp.StartOnAsync(database))
            {
                var alice = await SignInAsync(app, aliceId, aliceName);
                var room = await alice.CreateRoomAsync();
                Assert.Equal("hi", (await alice.PostMessageAsync(room, "hi")).Text());
                await app.StopServerAsync();

                await SchemaTests.MigrateAsync(fresh.ConnectionString);
                Assert.Equal(await SchemaCatalog.ReadAsync(fresh.ConnectionString), await SchemaCatalog.ReadAsync(database.ConnectionString));
            }
        }
        finally
        {
            await ParleyApp.DropDatabaseAsync(fresh.File, fresh.Database);
        }
    }

    [Fact]
    public async Task HandWrittenVersionThisReleaseDoesNotKnowIsRefused()
    {
        var (cs, file, database) = await ParleyApp.CreateDatabaseAsync();
        try
        {
            await using (var conn = SchemaCatalog.Open(cs))
            {
                await conn.OpenAsync();
                await LegacySchema.CompleteAsync(conn, ParleyApp.OnPostgres, default);
                await Sql.ExecAsync(conn, "INSERT INTO schema_version (version, name) VALUES (9, '0009_unknown')", default);
            }
            var e = await Assert.ThrowsAsync<InvalidOperationException>(() => SchemaTests.MigrateAsync(cs));
            Assert.Contains("schema version 9", e.Message);
        }
        finally
        {
            await ParleyApp.DropDatabaseAsync(file, database);
        }
    }

    [Fact]
    public async Task MessagesFromBeforeLinkPreviewsShowNoneAfterTheUpgrade()
    {
        var database = await MigratedUpToAsync("LinkPreviews");
        var (aliceId, aliceName, roomId, messageId) = (Guid.CreateVersion7(), "alice_" + Guid.NewGuid().ToString("N")[..8], Guid.CreateVersion7(), Guid.CreateVersion7());
        var t = new DateTime(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc);
        await using (var conn = SchemaCatalog.Open(database.ConnectionString))
        {
            await conn.OpenAsync();
            await InsertUserAsync(conn, aliceId, aliceName);
            await Exec(conn, "INSERT INTO rooms (id, kind, name, name_key, topic, created_by_id, created_at, last_seq, last_rev, last_activity_at) VALUES (@p0, 0, 'general', 'general', '', @p1, @p2, 1, 1, @p2)",
                roomId, aliceId, t);
            await Exec(conn, "INSERT INTO room_members (room_id, user_id, role, joined_at, last_read_seq) VALUES (@p0, @p1, 1, @p2, 1)", roomId, aliceId, t);
            await InsertMessageAsync(conn, messageId, roomId, 1, aliceId, "see https://example.com/", t);
        }

        await using var app = await ParleyApp.StartOnAsync(database);
        var alice = await SignInAsync(app, aliceId, aliceName);
        var old = Assert.Single(await alice.MessagesAsync(roomId));
        Assert.Equal("see https://example.com/", old.Text());
        Assert.Empty(old.GetProperty("previews").EnumerateArray());
        using (var http = alice.Http())
            Assert.Empty((await Expect.Json(await http.DeleteAsync($"/api/messages/{messageId}/previews"))).GetProperty("previews").EnumerateArray());
        await using var db2 = SchemaTests.Context(database.ConnectionString);
        Assert.Equal(db2.Database.GetMigrations(), await db2.Database.GetAppliedMigrationsAsync());
    }

    [Fact]
    public async Task SlowModeAndThreadsKeepWhatWasWrittenBeforeTheirIndexesChanged()
    {
        var database = await MigratedUpToAsync("SlowModeFromMembers");
        var (aliceId, aliceName, bobId, bobName, carolId, carolName, roomId) = (Guid.CreateVersion7(), "alice_" + Guid.NewGuid().ToString("N")[..8],
            Guid.CreateVersion7(), "bob_" + Guid.NewGuid().ToString("N")[..8], Guid.CreateVersion7(), "carol_" + Guid.NewGuid().ToString("N")[..8], Guid.CreateVersion7());
        var rootId = Guid.CreateVersion7();
        var now = DateTime.UtcNow;
        await using (var conn = SchemaCatalog.Open(database.ConnectionString))
        {
            await conn.OpenAsync();
            await InsertUserAsync(conn, aliceId, aliceName);
            await InsertUserAsync(conn, bobId, bobName, signedUpMinutesLater: 1);
            await InsertUserAsync(conn, carolId, carolName, signedUpMinutesLater: 2);
            await Exec(conn, "INSERT INTO rooms (id, kind, name, name_key, topic, created_by_id, created_at, last_seq, last_rev, last_activity_at, slow_mode_seconds) VALUES (@p0, 0, 'general', 'general', '', @p1, @p2, 2, 2, @p3, 600)",
                roomId, aliceId, now.AddHours(-1), now.AddSeconds(-30));
            foreach (var (user, role) in new[] { (aliceId, 1), (bobId, 0), (carolId, 0) })
                await Exec(conn, "INSERT INTO room_members (room_id, user_id, role, joined_at, last_read_seq) VALUES (@p0, @p1, @p2, @p3, 0)", roomId, user, role, now.AddHours(-1));
            await InsertMessageAsync(conn, rootId, roomId, 1, carolId, "a while ago", now.AddMinutes(-30));
            await InsertMessageAsync(conn, Guid.CreateVersion7(), roomId, 2, bobId, "just now", now.AddSeconds(-30));
            await Exec(conn, "UPDATE messages SET thread_root_id = @p0 WHERE room_id = @p1 AND seq = 2", rootId, roomId);
        }

        await using var app = await ParleyApp.StartOnAsync(database);
        var bob = await SignInAsync(app, bobId, bobName);
        var carol = await SignInAsync(app, carolId, carolName);
        // Bob sent 30 s before the upgrade, in a room of one message per 10 minutes: he waits the rest of it.
        using (var bh = bob.Http())
        {
            var refused = await bh.PostAsJsonAsync($"/api/rooms/{roomId}/messages", new { clientMessageId = Guid.NewGuid().ToString(), text = "again" });
            await Expect.Problem(refused, 429);
            Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 500, 571);
        }
        // Carol's last message is older than the interval: she may send.
        await carol.PostMessageAsync(roomId, "hello");
        // Bob's message was a reply in Carol's thread: the thread's index (replies only since ThreadIndexRepliesOnly) finds it.
        using var ch = carol.Http();
        var thread = await Expect.Json(await ch.GetAsync($"/api/rooms/{roomId}/messages?thread={rootId}"));
        Assert.Equal(["just now"], thread.GetProperty("messages").EnumerateArray().Select(m => m.Text()));
    }

    [Fact]
    public async Task MessagesOfAnUpgradedDatabaseCanBePinnedSavedAndEditedWithTheirHistory()
    {
        var database = await ParleyApp.CreateDatabaseAsync();
        var filesPath = Path.Combine(Path.GetTempPath(), "parley-tests", "files-" + Guid.NewGuid().ToString("N"));
        var old = await LastReleaseAsync(database.ConnectionString, filesPath);
        await using var app = await ParleyApp.StartOnAsync(database, new Dictionary<string, string?> { ["Parley:Files:Path"] = filesPath });
        var alice = await SignInAsync(app, old.AliceId, old.AliceName);
        var bob = await SignInAsync(app, old.BobId, old.BobName);

        // Rows written before pins existed are unpinned, and rooms let only moderators pin.
        Assert.All(await bob.MessagesAsync(old.RoomId), m => Assert.Equal(JsonValueKind.Null, m.GetProperty("pinned").ValueKind));
        // … and carry no poll.
        Assert.All(await bob.MessagesAsync(old.RoomId), m => Assert.Equal(JsonValueKind.Null, m.GetProperty("poll").ValueKind));
        using var ah = alice.Http();
        using var bh = bob.Http();
        Assert.False((await Expect.Json(await ah.GetAsync($"/api/rooms/{old.RoomId}"))).GetProperty("room").GetProperty("membersMayPin").GetBoolean());
        await Expect.Problem(await bh.PostAsync($"/api/messages/{old.Messages[2]}/pin", null), 403);
        await Expect.Json(await ah.PostAsync($"/api/messages/{old.Messages[2]}/pin", null));
        Assert.Equal([old.Messages[2]], (await Expect.Json(await bh.GetAsync($"/api/rooms/{old.RoomId}/pins"))).EnumerateArray().Select(m => m.Id()));
        await Expect.Json(await bh.PostAsync($"/api/messages/{old.Messages[0]}/save", null));
        Assert.Equal(old.Messages[0], Assert.Single((await Expect.Json(await bh.GetAsync("/api/saved"))).GetProperty("items").EnumerateArray()).GetProperty("message").Id());
        // An old message's first edit keeps its original text, dated when it was written.
        await Expect.Json(await ah.PatchAsJsonAsync($"/api/messages/{old.Messages[0]}", new { text = "hello again" }));
        var versions = (await Expect.Json(await bh.GetAsync($"/api/messages/{old.Messages[0]}/versions"))).EnumerateArray().ToList();
        Assert.Equal(["hello @" + old.BobName, "hello again"], versions.Select(v => v.Text()));
        Assert.Equal(new DateTime(2026, 11, 30, 9, 1, 0, DateTimeKind.Utc), versions[0].GetProperty("editedAt").GetDateTime().ToUniversalTime());
    }

    private sealed record LastRelease(Guid AliceId, string AliceName, Guid BobId, string BobName, Guid RoomId, Guid[] Messages, Guid FileId, byte[] FileBytes);

    /// <summary>What the last release before EF migrations left: its schema (0001..0008), two people, a room, messages with a mention, a file and a reaction.</summary>
    private static async Task<LastRelease> LastReleaseAsync(string cs, string filesPath)
    {
        var r = new LastRelease(Guid.CreateVersion7(), "alice_" + Guid.NewGuid().ToString("N")[..8], Guid.CreateVersion7(), "bob_" + Guid.NewGuid().ToString("N")[..8],
            Guid.CreateVersion7(), [Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7()], Guid.NewGuid(), Encoding.UTF8.GetBytes("minutes of the meeting\n"));
        var sha = Convert.ToHexStringLower(SHA256.HashData(r.FileBytes));
        var blob = Path.Combine(filesPath, sha[..2], sha[2..4], sha);
        Directory.CreateDirectory(Path.GetDirectoryName(blob)!);
        await File.WriteAllBytesAsync(blob, r.FileBytes);

        var t = new DateTime(2026, 11, 30, 9, 0, 0, DateTimeKind.Utc);
        await using var conn = SchemaCatalog.Open(cs);
        await conn.OpenAsync();
        await LegacySchema.CompleteAsync(conn, ParleyApp.OnPostgres, default);
        await InsertUserAsync(conn, r.AliceId, r.AliceName);
        await InsertUserAsync(conn, r.BobId, r.BobName, signedUpMinutesLater: 1);
        await Exec(conn, "INSERT INTO rooms (id, kind, name, name_key, topic, created_by_id, created_at, last_seq, last_rev, last_activity_at) VALUES (@p0, 0, 'general', 'general', '', @p1, @p2, 3, 4, @p3)",
            r.RoomId, r.AliceId, t, t.AddMinutes(3));
        await Exec(conn, "INSERT INTO room_members (room_id, user_id, role, joined_at, last_read_seq) VALUES (@p0, @p1, 1, @p2, 3)", r.RoomId, r.AliceId, t);
        await Exec(conn, "INSERT INTO room_members (room_id, user_id, role, joined_at, last_read_seq) VALUES (@p0, @p1, 0, @p2, 0)", r.RoomId, r.BobId, t);
        await InsertMessageAsync(conn, r.Messages[0], r.RoomId, 1, r.AliceId, "hello @" + r.BobName, t.AddMinutes(1), mentions: r.BobId.ToString("N"));
        await Exec(conn, "INSERT INTO mentions (user_id, message_id, room_id, seq, created_at) VALUES (@p0, @p1, @p2, 1, @p3)", r.BobId, r.Messages[0], r.RoomId, t.AddMinutes(1));
        await InsertMessageAsync(conn, r.Messages[1], r.RoomId, 2, r.BobId, "the notes", t.AddMinutes(2), hasFiles: true);
        await Exec(conn, "INSERT INTO file_blobs (sha256, size, touched_at) VALUES (@p0, @p1, @p2)", sha, (long)r.FileBytes.Length, t);
        await Exec(conn, "INSERT INTO files (id, uploader_id, purpose, name, content_type, size, sha256, message_id, room_id, created_at) VALUES (@p0, @p1, 0, 'notes.txt', 'text/plain', @p2, @p3, @p4, @p5, @p6)",
            r.FileId, r.BobId, (long)r.FileBytes.Length, sha, r.Messages[1], r.RoomId, t.AddMinutes(2));
        await InsertMessageAsync(conn, r.Messages[2], r.RoomId, 3, r.AliceId, "nice", t.AddMinutes(3), hasReactions: true, rev: 4);
        await Exec(conn, "INSERT INTO reactions (message_id, user_id, emoji, created_at) VALUES (@p0, @p1, '👍', @p2)", r.Messages[2], r.BobId, t.AddMinutes(4));
        return r;
    }

    private static Task InsertUserAsync(DbConnection conn, Guid id, string name, int signedUpMinutesLater = 0) =>
        Exec(conn, """
            INSERT INTO users (id, display_name, status_text, created_at, user_name, normalized_user_name, email_confirmed, password_hash,
                security_stamp, concurrency_stamp, phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count)
            VALUES (@p0, @p1, '', @p2, @p1, @p3, @p4, @p5, @p6, @p7, @p4, @p4, @p8, 0)
            """,
            id, name, new DateTime(2026, 11, 30, 8, signedUpMinutesLater, 0, DateTimeKind.Utc), name.ToUpperInvariant(), false,
            new PasswordHasher<User>().HashPassword(new User(), Password), Guid.NewGuid().ToString("N").ToUpperInvariant(), Guid.NewGuid().ToString(), true);

    private static Task InsertMessageAsync(DbConnection conn, Guid id, Guid room, long seq, Guid sender, string text, DateTime at,
        string? mentions = null, bool hasFiles = false, bool hasReactions = false, long? rev = null) =>
        Exec(conn, """
            INSERT INTO messages (id, room_id, seq, rev, sender_id, client_message_id, kind, text, created_at, mention_ids, has_reactions, has_files)
            VALUES (@p0, @p1, @p2, @p3, @p4, @p5, 0, @p6, @p7, @p8, @p9, @p10)
            """,
            id, room, seq, rev ?? seq, sender, Guid.NewGuid().ToString(), text, at, (object?)mentions ?? DBNull.Value, hasReactions, hasFiles);

    /// <summary>A new database migrated up to the migration just before <paramref name="migration"/>: the schema a release before it left.</summary>
    private static async Task<(string ConnectionString, string? File, string? Database)> MigratedUpToAsync(string migration)
    {
        var database = await ParleyApp.CreateDatabaseAsync();
        await using var db = SchemaTests.Context(database.ConnectionString);
        var migrations = db.Database.GetMigrations().ToList();
        var before = migrations[migrations.FindIndex(m => m.EndsWith("_" + migration, StringComparison.Ordinal)) - 1];
        await db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>().MigrateAsync(before);
        return database;
    }

    /// <summary>Runs SQL with @p0, @p1 … bound as the old release stored them (SQLite: ids as upper-case text).</summary>
    private static async Task Exec(DbConnection conn, string sql, params object[] values)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        for (var i = 0; i < values.Length; i++)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = "@p" + i;
            p.Value = !ParleyApp.OnPostgres && values[i] is Guid g ? g.ToString().ToUpperInvariant() : values[i];
            cmd.Parameters.Add(p);
        }
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<TestUser> SignInAsync(ParleyApp app, Guid id, string userName)
    {
        using var http = app.CreateHttpClient();
        var tokens = await Expect.Json(await http.PostAsJsonAsync("/api/auth/login", new { userName, password = Password }));
        return new TestUser(app, id, userName, Password, tokens.GetProperty("accessToken").GetString()!, tokens.GetProperty("refreshToken").GetString()!);
    }
}
