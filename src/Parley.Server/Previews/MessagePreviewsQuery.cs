using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;

namespace Parley.Server.Previews;

/// <summary>The previews of a page of messages in one query (only messages flagged HasPreviews are asked for).</summary>
public static class MessagePreviewsQuery
{
    public static readonly ILookup<Guid, LinkPreviewDto> None = Array.Empty<(Guid, LinkPreviewDto)>().ToLookup(x => x.Item1, x => x.Item2);

    public static async Task<ILookup<Guid, LinkPreviewDto>> ForAsync(ParleyDb db, List<Guid> messageIds, CancellationToken ct)
    {
        if (messageIds.Count == 0) return None;
        var rows = await (from mp in db.MessagePreviews
                          where messageIds.Contains(mp.MessageId)
                          join p in db.LinkPreviews on mp.PreviewId equals p.Id
                          // A link that failed when fetched again later shows no card any more (until it works again).
                          where !p.Failed
                          orderby mp.MessageId, mp.Position
                          select new { mp.MessageId, Preview = p }).AsNoTracking().ToListAsync(ct);
        return rows.ToLookup(r => r.MessageId, r => LinkPreviewDto.From(r.Preview));
    }
}
