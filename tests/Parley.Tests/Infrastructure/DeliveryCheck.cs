using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;
using Xunit;

namespace Parley.Tests.Infrastructure;

/// <summary>
/// How every fault test ends: nothing acknowledged was lost or doubled, and every client that stayed or came back holds it.
/// </summary>
public static class DeliveryCheck
{
    /// <summary>
    /// After the faults are over, <paramref name="closer"/> posts one last message: a client still missing something sees
    /// its rev jump and fills the gap (its own catch-up, nothing forced by the test). Then: every message acknowledged to
    /// a sender is stored exactly once with the id and seq it was acknowledged with; the room's seqs run 1..n without a
    /// gap; each sender's messages are in the order they were sent; and every holder holds the room exactly as stored.
    /// </summary>
    public static async Task AllAckedStoredOnceAndHeldAsync(Func<ParleyDb> openDb, TestUser closer, Guid room,
        IReadOnlyList<SendStream> streams, IReadOnlyList<HeldTimelines> holders)
    {
        var last = await closer.PostMessageAsync(room, "that's all", "last-" + Guid.NewGuid().ToString("N")[..8]);
        var lastRev = last.GetProperty("rev").GetInt64();
        await Task.WhenAll(holders.Select(h => h.WaitUntilHeldAsync(room, lastRev, TimeSpan.FromSeconds(30))));

        await using var db = openDb();
        var stored = await db.Messages.AsNoTracking().Where(m => m.RoomId == room).OrderBy(m => m.Seq)
            .Select(m => new { m.Id, m.Seq, m.SenderId, m.ClientMessageId }).ToListAsync();
        Assert.Equal(Enumerable.Range(1, stored.Count).Select(i => (long)i), stored.Select(m => m.Seq));
        var doubled = stored.Where(m => m.ClientMessageId is not null).GroupBy(m => (m.SenderId, m.ClientMessageId)).Where(g => g.Count() > 1).Select(g => g.Key.ClientMessageId);
        Assert.Empty(doubled);

        var byClientId = stored.Where(m => m.ClientMessageId is not null).ToDictionary(m => m.ClientMessageId!);
        foreach (var stream in streams)
        {
            var acked = stream.Acked;
            foreach (var ack in acked)
            {
                Assert.True(byClientId.TryGetValue(ack.ClientMessageId, out var row), $"{stream.Name}: {ack.ClientMessageId} was acknowledged but is not stored");
                Assert.Equal((ack.Id, ack.Seq), (row.Id, row.Seq));
            }
            Assert.True(acked.Zip(acked.Skip(1)).All(p => p.First.Seq < p.Second.Seq), $"{stream.Name}: acknowledged out of send order");
        }

        var expected = stored.Select(m => (m.Seq, m.Id)).ToList();
        foreach (var holder in holders)
        {
            Assert.Empty(holder.Problems);
            var held = holder.Messages(room).Select(m => (Seq: m.Seq(), Id: m.Id())).ToList();
            var missing = expected.Except(held).Select(m => m.Seq).ToList();
            Assert.True(missing.Count == 0, $"{holder.Name} lacks seqs {string.Join(",", missing.Take(20))} of {expected.Count} (reconnects: {holder.Hub.Reconnects})");
            Assert.Equal(expected, held);
        }
    }
}
