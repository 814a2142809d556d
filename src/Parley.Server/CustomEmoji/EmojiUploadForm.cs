using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Parley.Server.Files;
using Parley.Server.Infrastructure;

namespace Parley.Server.CustomEmoji;

/// <summary>
/// POST /api/emoji's multipart form: a part <c>name</c> and a part <c>file</c>. The file is at most
/// <see cref="EmojiImages.MaxUploadBytes"/>, so it is read into memory; a body that says or turns out larger is
/// refused with 413 as soon as that is known, before the rest is read.
/// </summary>
public static class EmojiUploadForm
{
    public sealed record Parts(string Name, byte[] File);

    private const int Slack = 16 * 1024, NameBytes = 256;

    public static async Task<Parts> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        var boundary = FileIntake.Boundary(request);
        if (request.ContentLength > EmojiImages.MaxUploadBytes + Slack) throw TooLarge();
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = EmojiImages.MaxUploadBytes + Slack;
        string? name = null;
        byte[]? file = null;
        try
        {
            var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = Slack, BodyLengthLimit = EmojiImages.MaxUploadBytes + Slack };
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var cd)) continue;
                var part = HeaderUtilities.RemoveQuotes(cd.Name).Value ?? "";
                if (part == "name" && name is null)
                    name = Encoding.UTF8.GetString(await ReadAsync(section.Body, NameBytes, () => ParleyError.Invalid("name", "The name is too long."), ct));
                else if (part == "file" && file is null && cd.IsFileDisposition())
                    file = await ReadAsync(section.Body, EmojiImages.MaxUploadBytes, TooLarge, ct);
                else throw ParleyError.Invalid(part.Length is > 0 and <= 40 ? part : "form", $"Unexpected form part '{part}'. Send name and file.");
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == 413) { throw TooLarge(); }
        catch (InvalidDataException e) when (e.Message.Contains("length limit", StringComparison.OrdinalIgnoreCase)) { throw TooLarge(); }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
        {
            throw ParleyError.Invalid("file", "The upload was cut short or is not valid multipart/form-data.");
        }
        if (name is null) throw ParleyError.Invalid("name", "The form has no part named name.");
        if (file is null) throw ParleyError.Invalid("file", "The form has no part named file.");
        return new Parts(name, file);
    }

    private static async Task<byte[]> ReadAsync(Stream body, long max, Func<ParleyError> tooLong, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int n;
        while ((n = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + n > max) throw tooLong();
            buffer.Write(chunk, 0, n);
        }
        return buffer.ToArray();
    }

    private static ParleyError TooLarge() => ParleyError.TooLarge("file", $"The emoji's file is too large: the limit is {FileIntake.Bytes(EmojiImages.MaxUploadBytes)}.");
}
