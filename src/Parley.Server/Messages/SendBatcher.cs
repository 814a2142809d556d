using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;
using Parley.Server.Events;
using Parley.Server.Files;
using Parley.Server.Infrastructure;
using Parley.Server.Notifications;
using Parley.Server.Rooms;
using Parley.Server.Search;

namespace Parley.Server.Messages;

/// <summary>
/// The one write path of every new message, text or with files (group commit: concurrent sends share one transaction
/// without changing what each sender sees). Validated sends queue here; one writer takes everything waiting (up to
/// <see cref="MaxBatch"/>), allocates seq/rev with one UPDATE for all its rooms, inserts all rows, posts the uploads and
/// commits once — one disk flush for the whole batch. Then comes the one post-commit step: each room hears of its
/// messages in seq order, in one frame (without waiting on any recipient), typing ends, pushes and previews are queued, and the
/// senders are acknowledged. A send that hits the (sender, clientMessageId) key or a file posted by another send
/// meanwhile is sorted out by redoing the batch one send at a time.
/// </summary>
public sealed class SendBatcher(IServiceScopeFactory scopes, WriterContexts writers, IChatAudience groups, PushQueue push, TimeProvider clock,
    DatabaseOutage outage, ParleyMetrics metrics, ILogger<SendBatcher> log, Previews.PreviewQueue previews,
    Microsoft.Extensions.Options.IOptions<DatabaseOptions> database) : BackgroundService
{
    public const int MaxBatch = 256;

    public static ParleyError OtherRoom => ParleyError.Conflict("clientMessageId", "This clientMessageId was already used for a message in another room.");

    public static ParleyError FilesTaken => ParleyError.Invalid("fileIds", "A file is unknown, not your upload, or already posted. Upload it again.");

    /// <summary>A validated send: the row to insert (seq/rev unset), who its mentions reach, and the uploads it posts.</summary>
    public sealed record Pending(Message Message, Room Room, IReadOnlyList<Guid> Reached, ReplyQuote? Reply, IReadOnlyList<Guid> FileIds)
    {
        internal readonly TaskCompletionSource<(MessageDto Message, bool Created)> Done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>
        /// What a system line records (a join, a leave, a rename), or a message's poll, written in the message's own
        /// transaction once its seq is known, so the change and its message commit together or not at all.
        /// </summary>
        public Func<ParleyDb, Message, CancellationToken, Task>? Effect { get; init; }

        /// <summary>The poll the message carries, as the room first sees it (no votes).</summary>
        public Polls.PollDto? Poll { get; init; }

        /// <summary>
        /// Run by the writer once this line has gone to the room and before anything stored after it does: a leave or a
        /// removal moves the person's connections out of the room's group here, so no message after their line reaches
        /// them, whether it was committed with the line or in a later batch (the writer goes on only after this).
        /// </summary>
        public Func<Task>? BeforeLaterMessages { get; init; }

        public bool IsSystem => Message.Kind == MessageKind.System;

        /// <summary>A leave or removal line: its subject (the line's sender) is out of the room from this line on.</summary>
        public bool SubjectLeaves => IsSystem && BeforeLaterMessages is not null;
    }

    /// <summary>
    /// Sends whose sender was no longer in the room when the batch took the room's lock: removed in an earlier commit
    /// (on any node) or by a line queued before them in this batch. The batch is redone without them.
    /// </summary>
    private sealed class SendersGoneException(IReadOnlyList<Pending> gone) : Exception
    {
        public IReadOnlyList<Pending> Gone { get; } = gone;
    }

    /// <summary>
    /// A system line with the change it records: same seq/rev, same commit and same broadcast as any message. A change
    /// that breaks a unique key (joined twice at once, a name taken meanwhile) fails this line alone, with that error.
    /// </summary>
    public Task<(MessageDto Message, bool Created)> WriteSystemLineAsync(Room room, Guid subjectId, string text,
        Func<ParleyDb, Message, CancellationToken, Task>? effect, CancellationToken ct, Func<Task>? beforeLaterMessages = null)
    {
        var line = new Message { Id = Guid.CreateVersion7(), RoomId = room.Id, SenderId = subjectId, Kind = MessageKind.System, Text = text };
        return SendAsync(new Pending(line, room, [], null, []) { Effect = effect, BeforeLaterMessages = beforeLaterMessages }, ct);
    }

    // SQLite has one writer at a time anyway; PostgreSQL locks per room, so rooms may be spread over several writers
    // (Parley:Database:Writers; always the same one for a room, which keeps each room's broadcasts in seq order).
    private readonly Channel<Pending>[] _queues = [.. Enumerable.Range(0, database.Value.Provider == "postgres" ? database.Value.Writers : 1).Select(_ =>
        Channel.CreateBounded<Pending>(new BoundedChannelOptions(10_000) { SingleReader = true }))];

    private readonly bool _sqlite = database.Value.Provider != "postgres";
    private int _inFlight;
    private volatile bool _draining;

    public async Task<(MessageDto Message, bool Created)> SendAsync(Pending send, CancellationToken ct)
    {
        var queue = _queues[(int)((uint)send.Message.RoomId.GetHashCode() % (uint)_queues.Length)];
        Interlocked.Increment(ref _inFlight);
        try
        {
            // Checked after counting, so DrainAsync either waits for this send or it is refused (retryable).
            if (_draining) throw ParleyError.ShuttingDown();
            await queue.Writer.WriteAsync(send, ct);
            // Once queued it is written whatever the caller does next; waiting is what may be cancelled.
            return await send.Done.Task.WaitAsync(ct);
        }
        finally { Interlocked.Decrement(ref _inFlight); }
    }

    /// <summary>At shutdown: refuses new sends and waits (at most <paramref name="limit"/>) for the queued ones to be written.</summary>
    public async Task<bool> DrainAsync(TimeSpan limit)
    {
        _draining = true;
        var until = clock.GetUtcNow() + limit;
        while (Volatile.Read(ref _inFlight) > 0)
        {
            if (clock.GetUtcNow() > until) return false;
            await Task.Delay(10);
        }
        return true;
    }

    /// <summary>Sends queued or being written now (on this node).</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        metrics.ObserveGauge("parley.messages.pending", () => InFlight, "{message}", "Sends and system lines queued for the writer or being written on this node.");
        return Task.WhenAll(_queues.Select(q => Task.Run(() => WriterAsync(q.Reader, stoppingToken), stoppingToken)));
    }

    private async Task WriterAsync(ChannelReader<Pending> queue, CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(MaxBatch);
        while (await queue.WaitToReadAsync(stoppingToken))
        {
            while (batch.Count < MaxBatch && queue.TryRead(out var p)) batch.Add(p);
            var refused = new List<Pending>();
            try
            {
                // Sends validated while their sender was still in and queued behind the line that took them out are
                // refused, and the rest written as if they had never been sent (no gap in seq).
                try
                {
                    while (true)
                        try { await WriteAsync(batch, stoppingToken); break; }
                        catch (SendersGoneException gone) { refused.AddRange(gone.Gone); batch.RemoveAll(gone.Gone.Contains); }
                }
                finally { if (refused.Count > 0) await RefuseGoneAsync(refused, stoppingToken); }
            }
            catch (Exception e) when (DbErrors.IsUniqueViolation(e) || e is FilesTakenException or EffectFailedException)
            {
                // A retry raced its original into the same batch (or another node's): one at a time, the loser gets the stored row.
                foreach (var p in batch)
                {
                    try
                    {
                        try { await WriteAsync([p], stoppingToken); }
                        catch (SendersGoneException gone) { await RefuseGoneAsync(gone.Gone, stoppingToken); }
                        catch (EffectFailedException failed) { p.Done.TrySetException(failed.InnerException!); }
                        catch (Exception one) when (DbErrors.IsUniqueViolation(one)) { await AnswerFromRecordAsync(p, stoppingToken); }
                        catch (FilesTakenException) { p.Done.TrySetException(FilesTaken); }
                    }
                    // Whatever fails here (the database gone, files exhausted), the writer lives on for the next batch.
                    catch (Exception other) when (!stoppingToken.IsCancellationRequested) { p.Done.TrySetException(other); }
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                if (!outage.Saw(e)) log.LogError(e, "Writing a batch of {Count} messages failed", batch.Count);
                foreach (var p in batch) p.Done.TrySetException(e);
            }
            batch.Clear();
        }
    }

    private async Task WriteAsync(IReadOnlyList<Pending> all, CancellationToken ct)
    {
        await using var db = writers.Create();
        var now = clock.GetUtcNow().UtcDateTime;

        // Retries: a send whose (sender, clientMessageId) is stored already gets the stored row; a repeat within the
        // batch waits for the first of its kind.
        // System lines have no clientMessageId: nobody retries them.
        var keys = all.Where(p => p.Message.ClientMessageId is not null).Select(p => (p.Message.SenderId, p.Message.ClientMessageId!)).Distinct().ToList();
        await db.Database.OpenConnectionAsync(ct);
        var sql = new BatchSql(db, _sqlite);
        var storedKeys = await sql.StoredAsync(keys, ct);
        var stored = new Dictionary<(Guid, string), Message>();
        foreach (var (sender, cmid) in storedKeys)
            stored[(sender, cmid)] = await db.Messages.AsNoTracking().FirstAsync(m => m.SenderId == sender && m.ClientMessageId == cmid, ct);
        var batch = new List<Pending>(all.Count);
        var repeats = new List<(Pending Repeat, Pending First)>();
        var firsts = new Dictionary<(Guid, string), Pending>();
        foreach (var p in all)
        {
            if (p.Message.ClientMessageId is null) { batch.Add(p); continue; }
            var key = (p.Message.SenderId, p.Message.ClientMessageId!);
            if (stored.TryGetValue(key, out var row))
            {
                if (row.RoomId != p.Message.RoomId) p.Done.TrySetException(OtherRoom);
                else p.Done.TrySetResult(((await MessageDtos.BuildAsync(db, [row], ct, reader: row.SenderId))[0], false));
            }
            else if (firsts.TryGetValue(key, out var first)) repeats.Add((p, first));
            else { firsts[key] = p; batch.Add(p); }
        }

        var rooms = batch.GroupBy(p => p.Message.RoomId).Select(g => (g.Key, Sends: g.ToList())).ToList();
        List<Threads.ThreadChangedEvent> threadChanges;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            // Under the rooms' locks: is every sender still in? A leave or removal commits under the same lock, so a send
            // validated before it and queued after it is caught here, whichever node wrote the line.
            var (lasts, absent) = await sql.NextSeqsAsync([.. rooms.Select(r => (r.Key, r.Sends.Count))],
                [.. batch.Where(p => !p.IsSystem).Select(p => (p.Message.RoomId, p.Message.SenderId)).Distinct()], now, ct);
            if (Gone(rooms, absent) is { Count: > 0 } gone) throw new SendersGoneException(gone);
            foreach (var (roomId, sends) in rooms)
            {
                var last = lasts[roomId];
                for (var i = 0; i < sends.Count; i++)
                {
                    var m = sends[i].Message;
                    m.Seq = last.Seq - sends.Count + 1 + i;
                    m.Rev = last.Rev - sends.Count + 1 + i;
                    m.CreatedAt = now;
                    sql.InsertMessage(m);
                    foreach (var id in sends[i].Reached)
                        sql.InsertMention(new Mention { UserId = id, MessageId = m.Id, RoomId = m.RoomId, Seq = m.Seq, CreatedAt = now });
                }
            }
            // Your own message is read, and is your last send (slow mode).
            foreach (var own in batch.Where(p => !p.IsSystem).GroupBy(p => (p.Message.RoomId, p.Message.SenderId)))
                sql.Sent(own.Key.RoomId, own.Key.SenderId, own.Max(p => p.Message.Seq), now);
            await sql.ExecuteAsync(ct);
            // Thread replies: followers and their roots' summaries (each root takes a rev after the batch's messages).
            threadChanges = await Threads.ThreadReplies.WriteAsync(db,
                [.. batch.Where(p => p.Message.ThreadRootId is not null).Select(p => new Threads.ThreadReplies.Reply(p.Message, p.Reached))], ct);
            // A change that fails fails its own line only: the batch is redone one send at a time.
            foreach (var p in batch.Where(p => p.Effect is not null))
                try { await p.Effect!(db, p.Message, ct); }
                catch (Exception e) when (e is not OperationCanceledException) { throw new EffectFailedException(e); }
            // Uploads are posted once their message row exists: each must be the sender's own and not posted yet (a
            // file sent twice at once fails the later send; the batch is then redone one send at a time).
            foreach (var p in batch.Where(p => p.FileIds.Count > 0))
                if (await ClaimFilesAsync(db, p, ct) != p.FileIds.Count) throw new FilesTakenException();
            await tx.CommitAsync(ct);
        }
        metrics.Stored(batch.Count);
        var files = await FilesOfAsync(db, batch, ct);

        // Committed: now each room hears of its messages, in seq order and in one frame (MessageFrames), then their
        // senders get their acknowledgements. Typing, push and the ack stay per message.
        foreach (var (roomId, sends) in rooms)
        {
            var dtos = new MessageDto[sends.Count];
            for (var i = 0; i < sends.Count; i++)
            {
                var p = sends[i];
                var m = p.Message;
                dtos[i] = MessageDtos.From(m, p.Reply, [], files.TryGetValue(m.Id, out var f) ? f : [], poll: p.Poll);
                if (!p.IsSystem) Unawaited(groups.StopTypingAsync(roomId, m.SenderId), roomId, m.Seq);
            }
            // The writer never waits on a recipient: each connection takes its writes in order (SignalR queues them per
            // connection), and one that falls too far behind is dropped by BoundedOutput, not waited for.
            var broadcastAt = clock.GetUtcNow().UtcDateTime;
            var room = groups.InRoom(roomId);
            var from = 0;
            for (var i = 0; i < sends.Count; i++)
            {
                if (sends[i].BeforeLaterMessages is null && i < sends.Count - 1) continue;
                foreach (var frame in MessageFrames.Cut(from == 0 && i == sends.Count - 1 ? dtos : dtos[from..(i + 1)]))
                    Unawaited(frame.Length == 1 ? room.MessageCreated(frame[0]) : room.MessagesCreated(frame), roomId, frame[0].Seq);
                from = i + 1;
                // The caller moves the connections again after its line is acknowledged, and reports a failure there.
                if (sends[i].BeforeLaterMessages is { } move)
                    try { await move(); }
                    catch (Exception e) { log.LogWarning(e, "Moving connections out of room {Room} after seq {Seq} failed", roomId, dtos[i].Seq); }
            }
            foreach (var change in threadChanges.Where(c => c.RoomId == roomId)) Unawaited(room.ThreadChanged(change), roomId, change.Rev);
            for (var i = 0; i < sends.Count; i++)
            {
                var p = sends[i];
                var m = p.Message;
                if (!p.IsSystem) push.Enqueue(new PushRequest(p.Room, m.SenderId, m.Id, m.Seq, m.Text, dtos[i].Files.Count, p.Reached, broadcastAt));
                if (!p.IsSystem) previews.Enqueue(m.Id, m.Text);
                p.Done.TrySetResult((dtos[i], true));
            }
        }
        foreach (var (repeat, first) in repeats)
        {
            var (dto, _) = await first.Done.Task;
            if (dto.RoomId != repeat.Message.RoomId) repeat.Done.TrySetException(OtherRoom);
            else repeat.Done.TrySetResult((dto, false));
        }
        if (_sqlite) await CatchUpSearchAsync(db, ct);
    }

    /// <summary>
    /// SQLite: once enough has gathered, the search index catches up (Search/SqliteSearchIndex), after the batch is
    /// acknowledged so its sends don't wait for it. A failure leaves the rows for the next catch-up or search.
    /// </summary>
    private async Task CatchUpSearchAsync(ParleyDb db, CancellationToken ct)
    {
        try
        {
            if (await SqliteSearchIndex.CatchUpAsync(db, SqliteSearchIndex.CatchUpAt, ct) is { } done)
                metrics.SearchCaughtUp(done.Rows, done.Took, done.Cpu);
        }
        catch (Exception e) when (e is not OperationCanceledException) { log.LogWarning(e, "The search index could not catch up; the next batch or search will"); }
    }

    /// <summary>The sends whose sender is absent from the room, or leaves it by a line earlier in the batch.</summary>
    private static List<Pending> Gone(List<(Guid Key, List<Pending> Sends)> rooms, HashSet<(Guid RoomId, Guid UserId)> absent)
    {
        var gone = new List<Pending>();
        foreach (var (roomId, sends) in rooms)
        {
            HashSet<Guid>? left = null;
            foreach (var p in sends)
            {
                if (p.SubjectLeaves) (left ??= []).Add(p.Message.SenderId);
                else if (!p.IsSystem && (absent.Contains((roomId, p.Message.SenderId)) || left?.Contains(p.Message.SenderId) == true)) gone.Add(p);
            }
        }
        return gone;
    }

    /// <summary>Each refused send gets the answer its sender would get now (banned, not a member, no such room).</summary>
    private async Task RefuseGoneAsync(IReadOnlyList<Pending> gone, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var access = scope.ServiceProvider.GetRequiredService<RoomAccess>();
        foreach (var p in gone)
        {
            try
            {
                await access.RequireMemberAsync(p.Message.SenderId, p.Message.RoomId, ct);
                // Back in already (left and joined again meanwhile): this send was still queued behind the leave.
                p.Done.TrySetException(ParleyError.Forbidden("You left this room before this message was stored. Send it again.", ErrorCodes.NotMember));
            }
            catch (ParleyError refusal) { p.Done.TrySetException(refusal); }
            catch (Exception e) when (e is not OperationCanceledException) { p.Done.TrySetException(e); }
        }
    }

    private static Task<int> ClaimFilesAsync(ParleyDb db, Pending p, CancellationToken ct)
    {
        var m = p.Message;
        return PostableFiles.Of(db.Files, m.SenderId, p.FileIds).ExecuteUpdateAsync(s => s.SetProperty(f => f.MessageId, m.Id).SetProperty(f => f.RoomId, m.RoomId), ct);
    }

    /// <summary>The posted files of the batch's messages, in upload order (one query, none without files).</summary>
    private static async Task<Dictionary<Guid, List<FileDto>>> FilesOfAsync(ParleyDb db, IReadOnlyList<Pending> batch, CancellationToken ct)
    {
        var ids = batch.Where(p => p.FileIds.Count > 0).Select(p => (Guid?)p.Message.Id).ToList();
        if (ids.Count == 0) return [];
        var rows = await db.Files.AsNoTracking().Where(f => ids.Contains(f.MessageId)).OrderBy(f => f.CreatedAt).ThenBy(f => f.Id).ToListAsync(ct);
        return rows.GroupBy(f => f.MessageId!.Value).ToDictionary(g => g.Key, g => g.Select(FileDto.From).ToList());
    }

    private sealed class FilesTakenException : Exception;

    private sealed class EffectFailedException(Exception inner) : Exception(inner.Message, inner);

    private void Unawaited(Task broadcast, Guid roomId, long seq)
    {
        if (!broadcast.IsCompletedSuccessfully)
            broadcast.ContinueWith(t => log.LogWarning(t.Exception, "Broadcasting to room {Room} from seq {Seq} failed", roomId, seq),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    private async Task AnswerFromRecordAsync(Pending p, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
        var stored = await db.Messages.AsNoTracking().FirstOrDefaultAsync(x => x.SenderId == p.Message.SenderId && x.ClientMessageId == p.Message.ClientMessageId, ct);
        if (stored is null) { p.Done.TrySetException(new InvalidOperationException("Duplicate without a row.")); return; }
        if (stored.RoomId != p.Message.RoomId)
        {
            p.Done.TrySetException(OtherRoom);
            return;
        }
        p.Done.TrySetResult(((await MessageDtos.BuildAsync(db, [stored], ct, reader: stored.SenderId))[0], false));
    }
}
