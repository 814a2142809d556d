using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Server.Accounts;
using Parley.Server.Data;
using Parley.Server.Events;
using Parley.Server.Files;
using Parley.Server.Infrastructure;
using Parley.Server.Moderation;
using Parley.Server.Rooms;

namespace Parley.Server.Messages;

/// <summary>
/// The message path: validate → one transaction (take seq/rev, write) → commit → only then broadcast and acknowledge.
/// The hub and REST both call this; the user id always comes from the session.
/// </summary>
public sealed class MessageService(
    ParleyDb db, RoomAccess access, IChatAudience groups, MentionResolver mentions, SendBatcher batcher,
    Friends.Blocking blocking, Settings.SettingsStore settings, IOptions<MessagingOptions> options, IOptions<FilesOptions> fileOptions, TimeProvider clock,
    Administration.ServerSettingsStore serverSettings, Previews.PreviewQueue previews, Polls.PollSweeper pollSweeper)
{
    public const int MaxPage = 100;
    public const int MaxClientMessageId = 64;

    /// <summary>Stores and broadcasts a message; a repeat of the same client message id returns the stored one and broadcasts nothing.</summary>
    public async Task<(MessageDto Message, bool Created)> SendAsync(Guid userId, Guid roomId, SendMessageRequest req, CancellationToken ct = default)
    {
        var cmid = req.ClientMessageId;
        if (string.IsNullOrWhiteSpace(cmid)) throw ParleyError.Invalid("clientMessageId", "clientMessageId is required (a unique id per send, reused on retry).");
        if (cmid.Length > MaxClientMessageId || !TextRules.IsPrintableId(cmid)) throw ParleyError.Invalid("clientMessageId", $"clientMessageId must be at most {MaxClientMessageId} printable characters.");

        IReadOnlyList<Guid> fileIds;
        string text;
        Polls.PollDraft? poll;
        var maxLength = (await serverSettings.GetAsync(ct)).MaxMessageLength;   // from memory: no query per send
        try
        {
            fileIds = CheckFileIds(req.FileIds);
            text = fileIds.Count > 0 && VisibleText.IsBlank(req.Text) ? "" : CheckText(req.Text, maxLength);
            poll = Polls.PollDraft.Check(req.Poll, text, req.ThreadRootId, clock.GetUtcNow().UtcDateTime);
        }
        catch (ParleyError)
        {
            // A retry is answered from the record whatever its body, so a resend after a lost ack never fails validation.
            if (await FindSentAsync(userId, cmid, ct) is { } stored) return await RetryAnswerAsync(userId, roomId, stored, ct);
            throw;
        }
        // Text sends find their earlier copy (if this is a retry) in the batch, with one query for all of it.
        if (fileIds.Count > 0 && await FindSentAsync(userId, cmid, ct) is { } earlier) return await RetryAnswerAsync(userId, roomId, earlier, ct);
        var membership = await access.RequireMemberCachedAsync(userId, roomId, ct);
        try
        {
            var now = clock.GetUtcNow().UtcDateTime;
            Sanctions.RequireMayPost(membership, now);
            await Sanctions.RequireSlowModeAsync(db, membership, now, ct);
        }
        catch (ParleyError)
        {
            // A retry of a message that went through is answered from the record, even in slow mode.
            if (await FindSentAsync(userId, cmid, ct) is { } stored) return await RetryAnswerAsync(userId, roomId, stored, ct);
            throw;
        }
        await blocking.RequireMayWriteAsync(membership, ct);
        var mentioned = await mentions.ResolveAsync(membership, text, ct);
        Message? replied = null;
        if (req.ReplyToId is { } replyId)
        {
            replied = await db.Messages.AsNoTracking().FirstOrDefaultAsync(x => x.Id == replyId && x.RoomId == roomId, ct);
            if (replied is null) throw ParleyError.Invalid("replyToId", "The message replied to is not in this room.");
        }
        if (req.AlsoToRoom && req.ThreadRootId is null) throw ParleyError.Invalid("alsoToRoom", "alsoToRoom is for a reply in a thread (give threadRootId).");
        var threadRoot = req.ThreadRootId is { } rootId ? await Threads.ThreadRoots.ForReplyAsync(db, roomId, rootId, ct) : null;

        var message = new Message
        {
            Id = Guid.CreateVersion7(), RoomId = roomId, SenderId = userId, ClientMessageId = cmid,
            Kind = MessageKind.Text, Text = text, ReplyToId = replied?.Id, CreatedAt = clock.GetUtcNow().UtcDateTime,
            MentionIds = mentioned.NamedColumn, Wildcard = mentioned.Wildcard, HasFiles = fileIds.Count > 0,
            ThreadRootId = threadRoot?.Id, AlsoToRoom = threadRoot is not null && req.AlsoToRoom, HasPoll = poll is not null,
        };
        var newPoll = poll?.For(message.Id);
        // Checked here so the usual mistake is answered at once; the write path claims the files for good. Files already
        // posted may be this send's own first copy, committed since the look-up above (files and message commit together).
        if (fileIds.Count > 0 && await PostableCountAsync(userId, fileIds, ct) != fileIds.Count)
            return await FindSentAsync(userId, cmid, ct) is { } posted ? await RetryAnswerAsync(userId, roomId, posted, ct) : throw SendBatcher.FilesTaken;
        // Every new message takes the one write path: group commit, then broadcast, end of typing and push.
        // A poll's rows are written in its message's transaction.
        var sent = await batcher.SendAsync(new SendBatcher.Pending(message, membership.Room, mentioned.Reached,
            replied is null ? null : ReplyQuote.From(replied), fileIds) { Effect = newPoll is null ? null : newPoll.WriteAsync, Poll = newPoll?.Dto }, ct);
        // Committed: the sweeper, asleep until the next close it knew of, looks again.
        if (newPoll?.Poll.ClosesAt is not null) pollSweeper.Nudge();
        return sent;
    }

    private Task<int> PostableCountAsync(Guid userId, IReadOnlyList<Guid> fileIds, CancellationToken ct) =>
        PostableFiles.Of(db.Files, userId, fileIds).CountAsync(ct);

    private void AddMentions(Message message, MentionResolver.Resolved mentioned)
    {
        foreach (var id in mentioned.Reached)
            db.Mentions.Add(new Mention { UserId = id, MessageId = message.Id, RoomId = message.RoomId, Seq = message.Seq, CreatedAt = message.CreatedAt });
    }

    private async Task<(MessageDto, bool)> RetryAnswerAsync(Guid userId, Guid roomId, MessageDto earlier, CancellationToken ct)
    {
        if (earlier.RoomId != roomId) throw SendBatcher.OtherRoom;
        await access.RequireMemberAsync(userId, roomId, ct);
        return (earlier, false);
    }

    private IReadOnlyList<Guid> CheckFileIds(IReadOnlyList<Guid>? ids)
    {
        if (ids is null || ids.Count == 0) return [];
        var max = fileOptions.Value.MaxFilesPerMessage;
        if (ids.Count > max) throw ParleyError.Invalid("fileIds", $"A message can carry at most {max} files.");
        if (ids.Distinct().Count() != ids.Count) throw ParleyError.Invalid("fileIds", "The same file is listed twice.");
        return ids;
    }

    private async Task<MessageDto?> FindSentAsync(Guid userId, string cmid, CancellationToken ct)
    {
        var found = await db.Messages.AsNoTracking().FirstOrDefaultAsync(x => x.SenderId == userId && x.ClientMessageId == cmid, ct);
        return found is null ? null : (await MessageDtos.BuildAsync(db, [found], ct, reader: userId))[0];
    }

    /// <param name="max">The server's limit now (an admin may change it at run time).</param>
    /// <remarks>Scheduled messages are held to the same rules when written.</remarks>
    internal static string CheckText(string? text, int max)
    {
        if (VisibleText.IsBlank(text)) throw ParleyError.Invalid("text", "Message text is empty.");
        text = text.Replace("\r\n", "\n").Replace('\r', '\n');
        if (text.Length > max) throw ParleyError.TooLarge("text", $"Message is too long: {text.Length} characters, the limit is {max}.");
        if (!TextRules.IsWellFormed(text)) throw ParleyError.Invalid("text", "Message text is not valid Unicode.");
        if (TextRules.HasForbiddenControl(text)) throw ParleyError.Invalid("text", "Message text contains control characters.");
        return text;
    }

    /// <summary>Changes the text of one's own message.</summary>
    public async Task<MessageDto> EditAsync(Guid userId, Guid messageId, EditMessageRequest req, CancellationToken ct = default)
    {
        var text = CheckText(req.Text, (await serverSettings.GetAsync(ct)).MaxMessageLength);
        var (message, membership) = await LoadOwnAsync(userId, messageId, "edit", ct);
        Sanctions.RequireMayWrite(membership, clock.GetUtcNow().UtcDateTime);
        await blocking.RequireMayWriteAsync(membership, ct);
        if (message.Text == text) return (await MessageDtos.BuildAsync(db, [message], ct))[0];
        var mentioned = await mentions.ResolveAsync(membership, text, ct);
        // A reply that now mentions someone makes them follow its thread, as sending it so would have.
        List<Guid> newlyMentioned = [];
        if (message.ThreadRootId is not null && mentioned.Reached.Count > 0)
        {
            var before = await db.Mentions.AsNoTracking().Where(x => x.MessageId == messageId).Select(x => x.UserId).ToListAsync(ct);
            newlyMentioned = [.. mentioned.Reached.Except(before)];
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var rev = await RoomSequence.NextRevAsync(db, message.RoomId, ct);
        // The room is locked from here: the message as it stands now, after a delete or an edit committed since it was
        // read. A delete wins (an edit written over it brought its text back); an edit's version keeps the latest text.
        await db.Entry(message).ReloadAsync(ct);
        if (message.DeletedAt is not null) throw ParleyError.NotFound("Message");
        message.Rev = rev;
        // Against the text as it stands now, so an edit that waited behind another compares with that one's links.
        var linksChanged = !Previews.MessageLinks.Find(message.Text).SequenceEqual(Previews.MessageLinks.Find(text));
        if (linksChanged)
        {
            // New links get previews of their own (queued after the commit); the old ones go, and so does a removal.
            await db.MessagePreviews.Where(p => p.MessageId == messageId).ExecuteDeleteAsync(ct);
            message.HasPreviews = message.PreviewsRemoved = false;
        }
        // After the room's rev is taken (that locks the room): two edits at once number their versions one after the other.
        await MessageVersions.KeepAsync(db, message, ct);
        message.Text = text;
        message.EditedAt = clock.GetUtcNow().UtcDateTime;
        message.MentionIds = mentioned.NamedColumn;
        message.Wildcard = mentioned.Wildcard;
        // The mentions follow the text; an edit notifies nobody again.
        await db.Mentions.Where(x => x.MessageId == messageId).ExecuteDeleteAsync(ct);
        AddMentions(message, mentioned);
        await db.SaveChangesAsync(ct);
        if (newlyMentioned.Count > 0) await Threads.ThreadReplies.FollowMentionedAsync(db, message, newlyMentioned, ct);
        await tx.CommitAsync(ct);

        var dto = (await MessageDtos.BuildAsync(db, [message], ct))[0];
        await groups.InRoom(message.RoomId).MessageEdited(dto);
        foreach (var id in newlyMentioned)
            await groups.ToUser(id).ThreadStateChanged(await Threads.ThreadService.StateAsync(db, id, message.ThreadRootId!.Value, message.RoomId, ct));
        if (linksChanged) previews.Enqueue(message.Id, text);
        return dto;
    }

    /// <summary>
    /// Deletes one's own message, or as a moderator (DeleteAnyMessage in its room) someone else's, leaving a tombstone
    /// so the timeline keeps its seq. A moderator's removal is audited and shown as such.
    /// </summary>
    public async Task<MessageDto> DeleteAsync(Guid userId, Guid messageId, CancellationToken ct = default)
    {
        var message = await db.Messages.FirstOrDefaultAsync(x => x.Id == messageId, ct) ?? throw ParleyError.NotFound("Message");
        var byModerator = message.SenderId != userId;
        if (byModerator) await RequireMayDeleteAnyAsync(userId, message.RoomId, message.SenderId, ct);
        else await access.RequireMemberAsync(userId, message.RoomId, ct);
        if (message.Kind != MessageKind.Text) throw ParleyError.Forbidden("System lines can't be deleted.");
        if (message.DeletedAt is not null) return MessageDtos.From(message, null, []);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        message.Rev = await RoomSequence.NextRevAsync(db, message.RoomId, ct);
        message.DeletedAt = now;
        if (byModerator)
        {
            message.DeletedById = userId;
            AuditLog.Record(db, now, userId, "message.delete", message.SenderId, message.RoomId, message.Id);
        }
        message.Text = "";
        message.MentionIds = null;
        message.Wildcard = Wildcard.None;
        message.HasReactions = message.HasFiles = message.HasPreviews = message.HasPoll = false;
        message.PinnedAt = null;
        message.PinnedById = null;
        await db.SaveChangesAsync(ct);
        // Its earlier texts and everyone's bookmarks of it go with it.
        await db.Set<MessageVersion>().Where(v => v.MessageId == messageId).ExecuteDeleteAsync(ct);
        await db.Set<Saved.SavedMessage>().Where(v => v.MessageId == messageId).ExecuteDeleteAsync(ct);
        await db.Mentions.Where(x => x.MessageId == messageId).ExecuteDeleteAsync(ct);
        await db.Reactions.Where(r => r.MessageId == messageId).ExecuteDeleteAsync(ct);
        await db.MessagePreviews.Where(p => p.MessageId == messageId).ExecuteDeleteAsync(ct);
        // Its poll, with the options and votes (cascade).
        await db.Set<Polls.Poll>().Where(p => p.MessageId == messageId).ExecuteDeleteAsync(ct);
        // Its files stop being served at once; FileSweeper removes the content once nothing else shares it.
        await db.Files.Where(f => f.MessageId == messageId).ExecuteDeleteAsync(ct);
        // A reply gone from a thread: its root recounts (and takes the next rev).
        var thread = message.ThreadRootId is { } root ? await Threads.ThreadSummaries.RefreshAsync(db, message.RoomId, root, ct) : null;
        await tx.CommitAsync(ct);

        var dto = MessageDtos.From(message, null, []);
        await groups.InRoom(message.RoomId).MessageDeleted(dto);
        if (thread is not null) await groups.InRoom(message.RoomId).ThreadChanged(thread);
        return dto;
    }

    /// <summary>
    /// Someone else's message: a reader of the room with DeleteAnyMessage there (its moderators, server moderators),
    /// who stands above its sender, as for any action on a person (a room moderator can't remove an admin's words).
    /// </summary>
    private async Task RequireMayDeleteAnyAsync(Guid userId, Guid roomId, Guid senderId, CancellationToken ct)
    {
        var (server, inRoom) = await Standings.OfAsync(db, userId, roomId, ct);
        if (PermissionTable.Allows(Permission.DeleteAnyMessage, server, inRoom))
        {
            var (senderServer, senderInRoom) = await Standings.OfAsync(db, senderId, roomId, ct);
            if (!PermissionTable.Outranks(server, inRoom, senderServer, senderInRoom)) throw PermissionTable.OutrankedRefusal();
            return;
        }
        await access.RequireReadableAsync(userId, roomId, ct); // those who can't see the room learn nothing of it
        throw PermissionTable.Refusal(Permission.DeleteAnyMessage);
    }

    private async Task<(Message, RoomAccess.Membership)> LoadOwnAsync(Guid userId, Guid messageId, string verb, CancellationToken ct, bool allowDeleted = false)
    {
        var message = await db.Messages.FirstOrDefaultAsync(x => x.Id == messageId, ct) ?? throw ParleyError.NotFound("Message");
        var membership = await access.RequireMemberAsync(userId, message.RoomId, ct);
        if (message.SenderId != userId || message.Kind != MessageKind.Text) throw ParleyError.Forbidden($"You can only {verb} your own messages.");
        if (message.DeletedAt is not null && !allowDeleted) throw ParleyError.NotFound("Message");
        return (message, membership);
    }

    /// <summary>Adds the caller's reaction with this emoji, or removes it if present.</summary>
    public async Task<ReactionsChangedEvent> ToggleReactionAsync(Guid userId, Guid messageId, string? emoji, CancellationToken ct = default)
    {
        emoji = CheckEmoji(emoji);
        var message = await db.Messages.AsNoTracking().FirstOrDefaultAsync(x => x.Id == messageId, ct) ?? throw ParleyError.NotFound("Message");
        var membership = await access.RequireMemberAsync(userId, message.RoomId, ct);
        Sanctions.RequireMayWrite(membership, clock.GetUtcNow().UtcDateTime);
        await blocking.RequireMayWriteAsync(membership, ct);
        if (message.DeletedAt is not null) throw ParleyError.NotFound("Message");

        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            // The room first, as a delete takes it: toggles and deletes of the room's messages go one at a time, so the
            // message's state below is current and has_reactions is decided and written by whoever goes last (two people
            // toggling at once each wrote the flag they had computed, and one could hide the other's reaction).
            var rev = await RoomSequence.NextRevAsync(db, message.RoomId, ct);
            if (await db.Messages.Where(x => x.Id == messageId).Select(x => x.DeletedAt).FirstAsync(ct) is not null) throw ParleyError.NotFound("Message");
            var removed = await db.Reactions.Where(r => r.MessageId == messageId && r.UserId == userId && r.Emoji == emoji).ExecuteDeleteAsync(ct);
            if (removed == 0)
            {
                db.Reactions.Add(new Reaction { MessageId = messageId, UserId = userId, Emoji = emoji, CreatedAt = clock.GetUtcNow().UtcDateTime });
                await db.SaveChangesAsync(ct);
            }
            var any = removed == 0 || await db.Reactions.AnyAsync(r => r.MessageId == messageId, ct);
            await db.Messages.Where(x => x.Id == messageId).ExecuteUpdateAsync(u => u.SetProperty(x => x.HasReactions, any).SetProperty(x => x.Rev, rev), ct);
            message.Rev = rev;
            await tx.CommitAsync(ct);
        }

        var all = await db.Reactions.AsNoTracking().Where(r => r.MessageId == messageId).OrderBy(r => r.CreatedAt).ToListAsync(ct);
        var change = new ReactionsChangedEvent(message.RoomId, messageId, message.Rev, MessageDtos.Group(all));
        await groups.InRoom(message.RoomId).ReactionsChanged(change);
        return change;
    }

    private static string CheckEmoji(string? emoji)
    {
        if (string.IsNullOrWhiteSpace(emoji)) throw ParleyError.Invalid("emoji", "Emoji is required.");
        if (emoji.Length > Emoji.MaxLength) throw ParleyError.Invalid("emoji", "Emoji is too long.");
        if (!Emoji.IsReaction(emoji)) throw ParleyError.Invalid("emoji", "Emoji must be a single emoji or a :shortcode:.");
        return emoji;
    }

    /// <summary>History by keyset on (room, seq): the page before a seq, after a seq, or the latest.</summary>
    /// <param name="thread">A thread's replies (its root's id) instead of the room's timeline, which leaves out
    /// thread replies not also sent to the room.</param>
    public async Task<MessagePage> PageAsync(Guid userId, Guid roomId, long? before, long? after, int? limit, CancellationToken ct = default, Guid? thread = null)
    {
        if (before is not null && after is not null) throw ParleyError.Invalid("before", "Give before or after, not both.");
        if (before < 1) throw ParleyError.Invalid("before", "before must be a seq of 1 or more.");
        if (after < 0) throw ParleyError.Invalid("after", "after must be a seq of 0 or more.");
        if (limit is < 1 or > MaxPage) throw ParleyError.Invalid("limit", $"limit must be 1 to {MaxPage}.");
        var take = limit ?? 50;
        // One connection for the page's queries: EF otherwise opens and closes it around each one (on SQLite every
        // open also registers EF's functions again).
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await access.RequireReadableAsync(userId, roomId, ct);
            if (thread is { } root && !await db.Messages.AnyAsync(m => m.Id == root && m.RoomId == roomId && m.ThreadRootId == null, ct))
                throw ParleyError.NotFound("Thread");
            var rows = new List<Message>(take + 1);
            var query = thread is { } t
                ? after is { } ta ? ThreadAfter(db, t, ta, take + 1) : ThreadBefore(db, t, before ?? long.MaxValue, take + 1)
                : after is { } a ? PageAfter(db, roomId, a, take + 1) : PageBefore(db, roomId, before ?? long.MaxValue, take + 1);
            await foreach (var row in query.WithCancellation(ct)) rows.Add(row);
            var hasMore = rows.Count > take;
            if (hasMore) rows.RemoveAt(rows.Count - 1);
            if (after is null) rows.Reverse();
            // A thread's replies are spread over the room's seqs: looked up by id, not by a seq range.
            return new MessagePage(thread is null ? await MessageDtos.BuildRangeAsync(db, roomId, rows, ct, userId) : await MessageDtos.BuildAsync(db, rows, ct, userId), hasMore);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    // History pages are the hottest reads: compiled once, they skip EF's per-query cache lookup and parameter extraction.
    private static readonly Func<ParleyDb, Guid, long, int, IAsyncEnumerable<Message>> PageBefore = EF.CompileAsyncQuery(
        (ParleyDb db, Guid roomId, long before, int take) =>
            db.Messages.AsNoTracking().Where(x => x.RoomId == roomId && x.Seq < before && (x.ThreadRootId == null || x.AlsoToRoom))
                .OrderByDescending(x => x.Seq).Take(take));

    private static readonly Func<ParleyDb, Guid, long, int, IAsyncEnumerable<Message>> PageAfter = EF.CompileAsyncQuery(
        (ParleyDb db, Guid roomId, long after, int take) =>
            db.Messages.AsNoTracking().Where(x => x.RoomId == roomId && x.Seq > after && (x.ThreadRootId == null || x.AlsoToRoom))
                .OrderBy(x => x.Seq).Take(take));

    // A thread's pages walk the (thread_root_id, seq) index.
    private static readonly Func<ParleyDb, Guid, long, int, IAsyncEnumerable<Message>> ThreadBefore = EF.CompileAsyncQuery(
        (ParleyDb db, Guid rootId, long before, int take) =>
            db.Messages.AsNoTracking().Where(x => x.ThreadRootId == rootId && x.Seq < before).OrderByDescending(x => x.Seq).Take(take));

    private static readonly Func<ParleyDb, Guid, long, int, IAsyncEnumerable<Message>> ThreadAfter = EF.CompileAsyncQuery(
        (ParleyDb db, Guid rootId, long after, int take) =>
            db.Messages.AsNoTracking().Where(x => x.ThreadRootId == rootId && x.Seq > after).OrderBy(x => x.Seq).Take(take));

    /// <summary>Every message row that changed after a rev (new, edited, deleted, reactions), in rev order.</summary>
    public async Task<ChangesPage> ChangesAsync(Guid userId, Guid roomId, long sinceRev, int? limit, CancellationToken ct = default)
    {
        if (sinceRev < 0) throw ParleyError.Invalid("sinceRev", "sinceRev must be 0 or more.");
        if (limit is < 1 or > 500) throw ParleyError.Invalid("limit", "limit must be 1 to 500.");
        var take = limit ?? 200;
        var room = await access.RequireReadableAsync(userId, roomId, ct);
        // Too far behind to replay, or ahead of the server (e.g. the database was restored from a backup): start over.
        if (room.LastRev - sinceRev > options.Value.MaxReplayChanges || sinceRev > room.LastRev)
            return new ChangesPage(roomId, [], room.LastRev, false, ResyncRequired: true);

        var rows = await db.Messages.AsNoTracking()
            .Where(x => x.RoomId == roomId && x.Rev > sinceRev)
            .OrderBy(x => x.Rev).Take(take + 1).ToListAsync(ct);
        var hasMore = rows.Count > take;
        if (hasMore) rows.RemoveAt(rows.Count - 1);
        var lastRev = hasMore ? rows[^1].Rev : room.LastRev;
        return new ChangesPage(roomId, await MessageDtos.BuildAsync(db, rows, ct, userId), lastRev, hasMore, false);
    }

    /// <summary>Moves the caller's read position forward (never back) and tells their other connections.</summary>
    public async Task<ReadEvent> MarkReadAsync(Guid userId, Guid roomId, long seq, CancellationToken ct = default)
    {
        if (seq < 0) throw ParleyError.Invalid("seq", "seq must be 0 or more.");
        var m = await access.RequireMemberAsync(userId, roomId, ct);
        var target = Math.Min(seq, m.Room.LastSeq);
        await db.RoomMembers.Where(x => x.RoomId == roomId && x.UserId == userId && x.LastReadSeq < target)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastReadSeq, target), ct);
        var lastRead = Math.Max(target, m.Member.LastReadSeq);
        var read = new ReadEvent(roomId, lastRead, await UnreadCountAsync(userId, roomId, lastRead, m.Room.LastSeq, ct),
            await MentionCountAsync(userId, roomId, lastRead, ct));
        await groups.ToUser(userId).ReadMarked(read);
        if (m.Room.Kind.IsDm() && lastRead > m.Member.LastReadSeq) await ShareReceiptAsync(userId, roomId, lastRead, ct);
        return read;
    }

    /// <summary>In DMs and group DMs, the others who share receipts see how far someone who shares them has read.</summary>
    private async Task ShareReceiptAsync(Guid userId, Guid roomId, long lastRead, CancellationToken ct)
    {
        var others = await db.RoomMembers.AsNoTracking().Where(x => x.RoomId == roomId && x.UserId != userId).Select(x => x.UserId).ToListAsync(ct);
        var prefs = await settings.ForAsync([.. others, userId], ct);
        if (!prefs[userId].ReadReceipts) return;
        var to = others.Where(id => prefs[id].ReadReceipts).ToList();
        if (to.Count > 0) await groups.ToUsers(to).ReceiptChanged(new ReceiptEvent(roomId, userId, lastRead));
    }

    public Task<int> UnreadCountAsync(Guid userId, Guid roomId, long lastRead, long roomLastSeq, CancellationToken ct = default) =>
        db.Messages.Where(x => x.RoomId == roomId && x.Seq > lastRead && x.Seq > roomLastSeq - UnreadLimits.Window && x.SenderId != userId
                               && x.Kind == MessageKind.Text && x.DeletedAt == null && (x.ThreadRootId == null || x.AlsoToRoom))
            .OrderBy(x => x.Seq).Take(UnreadLimits.Cap).CountAsync(ct);

    public Task<int> MentionCountAsync(Guid userId, Guid roomId, long lastRead, CancellationToken ct = default) =>
        db.Mentions.Where(x => x.UserId == userId && x.RoomId == roomId && x.Seq > lastRead).OrderBy(x => x.Seq).Take(UnreadLimits.Cap).CountAsync(ct);
}
