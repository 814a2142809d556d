namespace Parley.Server.CustomEmoji;

/// <summary>A custom emoji as clients see it: <c>url</c> carries the image's version, so it may be cached for good.</summary>
public sealed record CustomEmojiDto(string Name, string Url, Guid CreatedBy, DateTime CreatedAt)
{
    public static CustomEmojiDto Of(string name, string version, Guid createdBy, DateTime createdAt) =>
        new(name, $"/api/emoji/{name}?v={version}", createdBy, createdAt);
}

/// <summary>To every connection: an emoji was added (<c>added</c>) or removed (<c>removedName</c>).</summary>
public sealed record CustomEmojiChangedEvent(CustomEmojiDto? Added, string? RemovedName);

/// <summary>What GET /api/emoji/{name} serves.</summary>
public sealed record CustomEmojiImage(string ContentType, byte[] Content, string Version, DateTime CreatedAt);
