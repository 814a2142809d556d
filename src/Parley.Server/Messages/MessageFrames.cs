namespace Parley.Server.Messages;

/// <summary>
/// How a room hears of its new messages from one committed batch: in one frame (<c>MessagesCreated</c>, seq order),
/// so each recipient costs one write, one WebSocket frame and one syscall per batch instead of one per message. A lone
/// message stays <c>MessageCreated</c>, which older clients, bots and scripts know. Frames are cut before their JSON
/// could pass <see cref="Budget"/>: BoundedOutput drops a connection once Parley:Hub:MaxQueuedBytes (64 KiB at the
/// least) wait unsent, so no frame may come near that on its own.
/// </summary>
public static class MessageFrames
{
    public const int Budget = 32 * 1024;

    /// <summary>The room's messages (in seq order) cut into frames; the array itself when they all fit in one.</summary>
    public static IEnumerable<MessageDto[]> Cut(MessageDto[] messages)
    {
        var start = 0;
        var bytes = 0;
        for (var i = 0; i < messages.Length; i++)
        {
            var size = EstimatedBytes(messages[i]);
            if (i > start && bytes + size > Budget)
            {
                yield return Slice(messages, start, i);
                start = i;
                bytes = 0;
            }
            bytes += size;
        }
        if (messages.Length > 0) yield return Slice(messages, start, messages.Length);
    }

    private static MessageDto[] Slice(MessageDto[] all, int from, int to) => from == 0 && to == all.Length ? all : all[from..to];

    /// <summary>
    /// At least the message's JSON size: the JSON protocol escapes every non-ASCII character as \uXXXX (6 bytes), and
    /// the fixed fields (ids, times, names, a quote's frame, a poll's flags) stay under 600.
    /// </summary>
    public static int EstimatedBytes(MessageDto m)
    {
        var bytes = 600 + 6 * (m.Text.Length + (m.ReplyTo?.Text.Length ?? 0) + (m.ClientMessageId?.Length ?? 0)) + 40 * m.Mentions.Count;
        for (var i = 0; i < m.Files.Count; i++)
        {
            var f = m.Files[i];
            bytes += 300 + 6 * (f.Name.Length + f.ContentType.Length) + f.Url.Length + (f.ThumbnailUrl?.Length ?? 0);
        }
        // A new poll: its options (id, text, no votes yet) and flags.
        if (m.Poll is { } poll)
            foreach (var o in poll.Options) bytes += 120 + 6 * o.Text.Length;
        return bytes;
    }
}
