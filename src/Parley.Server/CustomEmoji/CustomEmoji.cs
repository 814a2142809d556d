namespace Parley.Server.CustomEmoji;

/// <summary>
/// One of the server's own emoji: a name people write as <c>:name:</c> (in text and reactions) and its picture. The
/// picture is the upload decoded and drawn again as a PNG of at most 128×128 (<see cref="EmojiImages"/>), a few KiB,
/// kept in the row itself like a link preview's image: every node reads it from the database, nothing to sweep.
/// </summary>
public sealed class CustomEmoji
{
    /// <summary>Time-ordered (v7).</summary>
    public Guid Id { get; set; }
    /// <summary>2–32 of a–z, 0–9, '_', '+', '-' (<see cref="EmojiNames"/>); unique.</summary>
    public string Name { get; set; } = "";
    /// <summary>Always image/png today: what the server drew, never what was uploaded.</summary>
    public string ContentType { get; set; } = "";
    public byte[] Image { get; set; } = [];
    public int Width { get; set; }
    public int Height { get; set; }
    /// <summary>The start of the image's SHA-256 (hex): the ETag and the <c>?v=</c> of its URL, so a browser may keep it for good.</summary>
    public string Version { get; set; } = "";
    public Guid CreatedById { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>Who may add custom emoji (the server setting <c>customEmoji</c>); removing someone else's is for admins either way.</summary>
public enum CustomEmojiPolicy
{
    /// <summary>Admins and the owner only (the default: a picture everyone sees is the server's voice).</summary>
    Admins = 0,
    /// <summary>Every member (guests never).</summary>
    Everyone = 1,
}

public static class CustomEmojiPolicies
{
    public static string Wire(this CustomEmojiPolicy policy) => policy == CustomEmojiPolicy.Everyone ? "everyone" : "admins";

    public static CustomEmojiPolicy? Parse(string? wire) => wire switch
    {
        "admins" => CustomEmojiPolicy.Admins,
        "everyone" => CustomEmojiPolicy.Everyone,
        _ => null,
    };
}
