using System.Security.Cryptography;
using Parley.Server.Files;
using Parley.Server.Infrastructure;
using SkiaSharp;

namespace Parley.Server.CustomEmoji;

/// <summary>
/// Turns an uploaded picture into an emoji's image: PNG, JPEG, WebP or GIF (read from the bytes, never the declared
/// type), its size read from the headers first (<see cref="PhotoCleaner"/>, which decodes nothing) so a small file
/// claiming a huge canvas is refused before any pixel is allocated, then decoded (an animated GIF or WebP keeps its
/// first frame; a JPEG is turned the way its orientation says), scaled to fit 128×128 and encoded again as a PNG.
/// Nothing of the upload but its pixels survives: no metadata, no trailing bytes, no second frame.
/// </summary>
public static class EmojiImages
{
    public const int MaxSide = 128;
    /// <summary>What an upload may weigh; more is 413.</summary>
    public const long MaxUploadBytes = 512 * 1024;
    /// <summary>4096×4096: what an emoji source reasonably has; a PNG this size decodes to 64 MiB, freed at once.</summary>
    public const long MaxPixels = 4096L * 4096;
    public const int VersionLength = 16;

    public sealed record Drawn(byte[] Png, int Width, int Height, string Version);

    /// <summary>The emoji's PNG, or a 400 naming <c>file</c> when the upload is not a picture this can read.</summary>
    public static Drawn Draw(byte[] upload)
    {
        var type = ContentSniffer.Detect(upload.AsSpan(0, Math.Min(upload.Length, ContentSniffer.HeadBytes)), null);
        if (!PhotoCleaner.Handles(type)) throw NotAPicture();
        PhotoCleaner.Result size;
        try
        {
            using var input = new MemoryStream(upload, writable: false);
            size = PhotoCleaner.Clean(type, input, Stream.Null);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or ArgumentOutOfRangeException)
        {
            throw NotAPicture();
        }
        if (size.Width < 1 || size.Height < 1 || (long)size.Width * size.Height > MaxPixels)
            throw ParleyError.Invalid("file", $"The picture may have at most {MaxPixels / 1_000_000.0:0.#} million pixels (4096×4096).");

        using var data = SKData.CreateCopy(upload);
        using var codec = SKCodec.Create(data) ?? throw NotAPicture();
        if ((long)codec.Info.Width * codec.Info.Height > MaxPixels) throw NotAPicture();
        using var decoded = Decode(codec) ?? throw NotAPicture();
        using var turned = Orient(decoded, codec.EncodedOrigin);
        var oriented = turned ?? decoded;
        var scale = Math.Min(1.0, (double)MaxSide / Math.Max(oriented.Width, oriented.Height));
        var info = new SKImageInfo(Math.Max(1, (int)Math.Round(oriented.Width * scale)), Math.Max(1, (int)Math.Round(oriented.Height * scale)),
            SKColorType.Rgba8888, SKAlphaType.Premul, SKColorSpace.CreateSrgb());
        using var scaled = oriented.Resize(info, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear)) ?? throw NotAPicture();
        using var image = SKImage.FromBitmap(scaled);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100) ?? throw NotAPicture();
        var bytes = png.ToArray();
        return new Drawn(bytes, info.Width, info.Height, Convert.ToHexStringLower(SHA256.HashData(bytes))[..VersionLength]);
    }

    /// <summary>The first frame in sRGB, at the smallest size the codec can decode that is still at least 128 on its longer side (JPEG and WebP decode smaller for less).</summary>
    private static SKBitmap? Decode(SKCodec codec)
    {
        var longer = Math.Max(codec.Info.Width, codec.Info.Height);
        var size = longer > MaxSide ? codec.GetScaledDimensions((float)MaxSide / longer) : codec.Info.Size;
        if (Math.Max(size.Width, size.Height) < Math.Min(MaxSide, longer)) size = codec.Info.Size;
        var bitmap = new SKBitmap(new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul, SKColorSpace.CreateSrgb()));
        var result = codec.GetPixels(bitmap.Info, bitmap.GetPixels());
        // A file cut short still shows what it has (browsers do the same); anything else is not a picture.
        if (result is SKCodecResult.Success or SKCodecResult.IncompleteInput) return bitmap;
        bitmap.Dispose();
        return null;
    }

    /// <summary>The pixels turned and flipped as a JPEG's orientation says, or null when they stand as decoded (every other format).</summary>
    private static SKBitmap? Orient(SKBitmap source, SKEncodedOrigin origin)
    {
        if (origin is < SKEncodedOrigin.TopRight or > SKEncodedOrigin.LeftBottom) return null;
        float w = source.Width, h = source.Height;
        var swap = origin >= SKEncodedOrigin.LeftTop;
        // Where each source pixel (x, y) goes: x' = ScaleX·x + SkewX·y + TransX, y' = SkewY·x + ScaleY·y + TransY.
        var m = origin switch
        {
            SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
            SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightTop => new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1),
            _ => new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1), // LeftBottom
        };
        var turned = new SKBitmap(new SKImageInfo(swap ? source.Height : source.Width, swap ? source.Width : source.Height,
            source.ColorType, source.AlphaType, source.ColorSpace));
        using var canvas = new SKCanvas(turned);
        canvas.Clear(SKColors.Transparent);
        canvas.SetMatrix(m);
        canvas.DrawBitmap(source, 0, 0);
        return turned;
    }

    private static ParleyError NotAPicture() => ParleyError.Invalid("file", "The emoji must be a PNG, JPEG, WebP or GIF picture.");
}
