namespace Parley.Server.Files;

/// <summary>
/// What a file's bytes say it is. The client's claimed type is used only to choose between two safe readings of the
/// same container (a WebM or MP4 holding only sound is audio); it never makes a file inline that the bytes don't allow.
/// </summary>
public static class ContentSniffer
{
    /// <summary>How many leading bytes <see cref="Detect"/> looks at.</summary>
    public const int HeadBytes = 4096;

    public static string Detect(ReadOnlySpan<byte> head, string? claimedType)
    {
        var claimedAudio = claimedType?.StartsWith("audio/", StringComparison.OrdinalIgnoreCase) == true;
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return "image/png";
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return "image/jpeg";
        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8)) return "image/gif";
        if (head.Length >= 12 && head.StartsWith("RIFF"u8))
        {
            var form = head.Slice(8, 4);
            if (form.SequenceEqual("WEBP"u8)) return "image/webp";
            if (form.SequenceEqual("WAVE"u8)) return "audio/wav";
            if (form.SequenceEqual("AVI "u8)) return "video/x-msvideo";
        }
        if (head.Length >= 12 && head.Slice(4, 4).SequenceEqual("ftyp"u8))
        {
            var brand = head.Slice(8, 4);
            if (brand.SequenceEqual("avif"u8) || brand.SequenceEqual("avis"u8)) return "image/avif";
            if (brand.SequenceEqual("heic"u8) || brand.SequenceEqual("heix"u8) || brand.SequenceEqual("mif1"u8)) return "image/heic";
            if (brand.SequenceEqual("qt  "u8)) return "video/quicktime";
            if (brand.SequenceEqual("M4A "u8) || brand.SequenceEqual("M4B "u8) || claimedAudio) return "audio/mp4";
            return "video/mp4";
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]))
        {
            var isWebm = head.IndexOf("webm"u8) >= 0;
            return isWebm ? (claimedAudio ? "audio/webm" : "video/webm") : "video/x-matroska";
        }
        if (head.StartsWith("OggS"u8)) return claimedType?.StartsWith("video/", StringComparison.OrdinalIgnoreCase) == true ? "video/ogg" : "audio/ogg";
        if (head.StartsWith("fLaC"u8)) return "audio/flac";
        if (head.StartsWith("ID3"u8) || (head.Length >= 2 && head[0] == 0xFF && (head[1] & 0xE0) == 0xE0)) return "audio/mpeg";
        if (head.StartsWith("%PDF-"u8)) return "application/pdf";
        if (head.StartsWith((ReadOnlySpan<byte>)[0x50, 0x4B, 0x03, 0x04])) return "application/zip";
        if (head.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B])) return "application/gzip";
        if (head.StartsWith((ReadOnlySpan<byte>)[0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C])) return "application/x-7z-compressed";
        if (head.StartsWith("BM"u8) && head.Length >= 26) return "image/bmp";
        return LooksLikeText(head) ? TextType(head) : "application/octet-stream";
    }

    /// <summary>Types a browser may show in the page: decoded by its image and media players, never by its HTML engine.</summary>
    public static bool IsInlineSafe(string contentType) => contentType switch
    {
        "image/png" or "image/jpeg" or "image/gif" or "image/webp" or "image/avif" => true,
        "video/mp4" or "video/webm" or "video/ogg" => true,
        "audio/mpeg" or "audio/ogg" or "audio/wav" or "audio/webm" or "audio/mp4" or "audio/flac" => true,
        _ => false,
    };

    /// <summary>
    /// Whether what the client declared — its Content-Type, or a markup extension in the name — says something other
    /// than the bytes: a GIF sent as text/html or named page.html is not shown inline. A JPEG called image/png, or an
    /// MP4 called audio/mp4, is the same kind of thing and agrees.
    /// </summary>
    public static bool DeclaredDisagrees(string detected, string? claimedType, string? fileName)
    {
        var claimed = Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(claimedType, out var m) ? m.MediaType.Value?.ToLowerInvariant() : null;
        if (claimed is not (null or "application/octet-stream" or "application/ogg" or "application/mp4")
            && (claimed.Contains("svg", StringComparison.Ordinal) || claimed.Contains("xml", StringComparison.Ordinal) || Family(claimed) != Family(detected)))
            return true;
        return Path.GetExtension(fileName ?? "").ToLowerInvariant() is ".html" or ".htm" or ".xhtml" or ".xht" or ".shtml" or ".svg" or ".svgz" or ".xml" or ".js" or ".mjs";
    }

    private static string Family(string type) =>
        type.StartsWith("image/", StringComparison.Ordinal) ? "image"
        : type.StartsWith("video/", StringComparison.Ordinal) || type.StartsWith("audio/", StringComparison.Ordinal) ? "media"
        : type;

    /// <summary>image, video, audio or file: how the client shows it.</summary>
    public static string Kind(string contentType) =>
        !IsInlineSafe(contentType) ? "file"
        : contentType.StartsWith("image/", StringComparison.Ordinal) ? "image"
        : contentType.StartsWith("video/", StringComparison.Ordinal) ? "video"
        : "audio";

    private static bool LooksLikeText(ReadOnlySpan<byte> head)
    {
        if (head.IndexOf((byte)0) >= 0) return false;
        // A cut multi-byte character at the end of the head is fine; anything else invalid is binary.
        var check = head.Length > 4 ? head[..^4] : head;
        return System.Text.Unicode.Utf8.IsValid(check);
    }

    private static string TextType(ReadOnlySpan<byte> head)
    {
        var text = System.Text.Encoding.UTF8.GetString(head).TrimStart('\uFEFF', ' ', '\t', '\r', '\n').ToLowerInvariant();
        // What a browser would render as markup is labelled so, to be served only as an attachment.
        if (text.Contains("<svg", StringComparison.Ordinal)) return "image/svg+xml";
        if (text.StartsWith("<!doctype html", StringComparison.Ordinal) || text.StartsWith("<html", StringComparison.Ordinal)
            || text.Contains("<script", StringComparison.Ordinal) || text.Contains("<body", StringComparison.Ordinal)
            || text.Contains("<iframe", StringComparison.Ordinal) || text.Contains("<head", StringComparison.Ordinal))
            return "text/html";
        if (text.StartsWith("<?xml", StringComparison.Ordinal)) return "application/xml";
        return "text/plain";
    }
}
