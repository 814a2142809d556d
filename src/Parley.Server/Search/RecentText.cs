using System.Text;
using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;

namespace Parley.Server.Search;

/// <summary>
/// The server's newest readable messages, up to 500 characters of each, folded as the indexes fold them (UTF-8: about
/// half a megabyte for chat's short messages, 2 MB of long Latin text at most): what people write now. A search on
/// PostgreSQL asks it how often its terms turn up among the newest messages before walking the reader's newest
/// messages for them (<see cref="PostgresMessageSearch"/>); it counts text anywhere, fragments of rare words included,
/// which PostgreSQL's word statistics can't. A guess only: it never changes what a search finds.
/// </summary>
public sealed class RecentText
{
    /// <summary>How many of the newest messages are kept.</summary>
    public const int Size = 4_000;

    /// <summary>How much of each message's text is kept: a server that allows long messages keeps no more memory for them.</summary>
    public const int Characters = 500;

    private readonly Guid[] _rooms;
    private readonly byte[][] _texts;

    public RecentText(IReadOnlyList<(Guid Room, string Text)> rows)
    {
        _rooms = [.. rows.Select(r => r.Room)];
        _texts = [.. rows.Select(r => Encoding.UTF8.GetBytes(TextFolding.FoldForMatch(r.Text)))];
    }

    public int Count => _texts.Length;

    public static async Task<RecentText> ReadAsync(ParleyDb db, CancellationToken ct)
    {
        // Newest first on ix_messages_created_at; the condition is the search indexes' own (readable messages).
        var rows = await db.Database.SqlQueryRaw<Row>($"""
            SELECT room_id AS "Room", left(text, {Characters}) AS "Text" FROM messages
            WHERE kind = 0 AND deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT {Size}
            """).ToListAsync(ct);
        return new RecentText([.. rows.Select(r => (r.Room, r.Text))]);
    }

    /// <summary>How many of the kept messages hold every term (folded), and of how many: those of these rooms, or all.</summary>
    public (int Holding, int Of) Holding(IReadOnlyList<string> terms, IReadOnlySet<Guid>? rooms = null)
    {
        var needles = terms.Select(t => Encoding.UTF8.GetBytes(TextFolding.FoldForMatch(t))).ToArray();
        int holding = 0, of = 0;
        for (var i = 0; i < _texts.Length; i++)
        {
            if (rooms is not null && !rooms.Contains(_rooms[i])) continue;
            of++;
            var text = _texts[i].AsSpan();
            var all = true;
            foreach (var n in needles)
                if (text.IndexOf(n) < 0) { all = false; break; }
            if (all) holding++;
        }
        return (holding, of);
    }

    private sealed record Row(Guid Room, string Text);
}
