namespace Parley.Server.Previews;

/// <summary>A preview card: imageUrl is our own /api/previews/{id}/image, never the linked site's.</summary>
public sealed record LinkPreviewDto(Guid Id, string Url, string? SiteName, string? Title, string? Description, string? ImageUrl)
{
    public static LinkPreviewDto From(LinkPreview p) =>
        new(p.Id, p.Url, p.SiteName, p.Title, p.Description, p.HasImage ? $"/api/previews/{p.Id}/image" : null);
}

/// <summary>To the room: the previews a message shows now (empty when its sender removed them); rev as for an edit.</summary>
public sealed record MessagePreviewsEvent(Guid RoomId, Guid MessageId, long Rev, IReadOnlyList<LinkPreviewDto> Previews);
