using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Parley.Server.Messages;
using Parley.Tests.Infrastructure;
using Xunit;
using static Parley.Tests.Infrastructure.TestUserApi;

namespace Parley.Tests;

/// <summary>
/// The messages of one room from one committed batch reach each connection in one frame (MessagesCreated), in seq
/// order; a lone message still comes as MessageCreated. Seen by a raw client, which records the frames as sent.
/// </summary>
public sealed class MessageFramesTests
{
    [Fact]
    public async Task ABurstIntoARoomArrivesAsOneFramePerBatchInSeqOrderWithNothingLostOrRepeated()
    {
        await using var app = await ParleyApp.StartAsync();
        var owner = await app.SignUpAsync("owner");
        var rooms = new[] { await owner.CreateRoomAsync("first"), await owner.CreateRoomAsync("second") };
        var senders = new List<(HubClient Hub, Guid Room)>();
        for (var i = 0; i < 8; i++)
        {
            var u = await app.SignUpAsync("s" + i);
            var room = rooms[i % 2];
            await u.JoinAsync(room);
            senders.Add((await app.ConnectAsync(u), room));
        }
        await using var watcher = await app.ConnectRawAsync(owner);

        // Sends that arrive while the rooms' rows are held queue up behind the writer, so the next batch carries
        // several per room. A round that happened not to batch (a slow machine) is followed by another.
        var acks = new List<JsonElement>();
        for (var round = 0; round < 5 && !Frames(watcher).Any(f => f.Target == "MessagesCreated"); round++)
        {
            Task<JsonElement[]> sends;
            await using (var db = app.OpenDb())
            await using (var hold = await db.Database.BeginTransactionAsync(TestContext.Current.CancellationToken))
            {
                Assert.Equal(2, await db.Rooms.Where(r => rooms.Contains(r.Id))
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.LastSeq, r => r.LastSeq), TestContext.Current.CancellationToken));
                sends = Task.WhenAll(senders.Select((s, i) => s.Hub.InvokeAsync("SendMessage", s.Room, Send($"round {round} from {i}"))));
                await Task.Delay(300, TestContext.Current.CancellationToken); // time for the sends to queue, not a check
                await hold.RollbackAsync(TestContext.Current.CancellationToken);
            }
            acks.AddRange(await sends);
            var last = acks[^1];
            await watcher.WaitForAsync("MessageCreated", m => m.Id() == last.Id());
        }
        var marker = await senders[0].Hub.InvokeAsync("SendMessage", senders[0].Room, Send("marker"));
        await watcher.WaitForAsync("MessageCreated", m => m.Id() == marker.Id());

        var batches = Frames(watcher).Where(f => f.Target == "MessagesCreated").Select(f => f.Arg.EnumerateArray().ToList()).ToList();
        Assert.NotEmpty(batches);
        foreach (var batch in batches)
        {
            // Two or more messages of one room, consecutive seqs: one room's share of one commit.
            Assert.True(batch.Count >= 2, "a lone message comes as MessageCreated");
            Assert.Single(batch.Select(m => m.GetProperty("roomId").GetGuid()).Distinct());
            Assert.Equal(Enumerable.Range(0, batch.Count).Select(i => batch[0].Seq() + i), batch.Select(m => m.Seq()));
        }
        // Per room, the watcher heard every acknowledged message once, in seq order, whichever frames carried them.
        acks.Add(marker);
        foreach (var room in rooms)
        {
            var sent = acks.Where(a => a.GetProperty("roomId").GetGuid() == room).ToDictionary(a => a.Id(), a => a.Seq());
            var heard = watcher.Events("MessageCreated").Where(m => sent.ContainsKey(m.Id())).Select(m => m.Seq()).ToList();
            Assert.Equal(sent.Values.Order(), heard);
        }
        foreach (var (hub, _) in senders) await hub.DisposeAsync();
    }

    [Fact]
    public async Task ALoneMessageStillArrivesAsMessageCreated()
    {
        await using var app = await ParleyApp.StartAsync();
        var (alice, bob, room) = await app.AliceAndBobInARoomAsync();
        await using var a = await app.ConnectAsync(alice);
        await using var b = await app.ConnectRawAsync(bob);

        var sent = await a.InvokeAsync("SendMessage", room, Send("just one"));
        await b.WaitForAsync("MessageCreated", m => m.Id() == sent.Id());

        var frame = Assert.Single(Frames(b), f => Carries(f, sent.Id()));
        Assert.Equal("MessageCreated", frame.Target);
        Assert.Equal("just one", frame.Arg.Text());
    }

    [Fact]
    public void FramesAreCutBeforeTheirJsonCouldPassTheBudgetAndKeepSeqOrder()
    {
        var small = Enumerable.Range(1, 10).Select(i => Message(i, "hi")).ToArray();
        Assert.Same(small, Assert.Single(MessageFrames.Cut(small))); // all in one: no copy

        // Long texts in characters JSON escapes (6 bytes each): a few per frame.
        var big = Enumerable.Range(1, 12).Select(i => Message(i, new string('é', 1500))).ToArray();
        var frames = MessageFrames.Cut(big).ToList();
        Assert.True(frames.Count > 1);
        Assert.Equal(big.Select(m => m.Seq), frames.SelectMany(f => f).Select(m => m.Seq));
        foreach (var f in frames)
            Assert.True(f.Length == 1 || f.Sum(m => JsonSerializer.SerializeToUtf8Bytes(m, ParleyApp.Json).Length) < MessageFrames.Budget);
        Assert.All(big, m => Assert.True(MessageFrames.EstimatedBytes(m) >= JsonSerializer.SerializeToUtf8Bytes(m, ParleyApp.Json).Length));

        Assert.Empty(MessageFrames.Cut([]));
    }

    private static MessageDto Message(long seq, string text) => new(Guid.CreateVersion7(), Guid.Empty, seq, seq, Guid.CreateVersion7(), "text", text,
        "c" + seq, null, null, DateTime.UtcNow, null, null, [], [], [], null);

    private static List<(string Target, JsonElement Arg)> Frames(RawHubClient client) =>
        [.. client.Frames().Where(f => f.Target is "MessageCreated" or "MessagesCreated")];

    private static bool Carries((string Target, JsonElement Arg) frame, Guid id) => frame.Target == "MessagesCreated"
        ? frame.Arg.EnumerateArray().Any(m => m.Id() == id)
        : frame.Arg.Id() == id;
}
