using System.Buffers.Binary;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Parley.Tests.Infrastructure;

/// <summary>Files built byte by byte for upload tests, and the multipart upload itself.</summary>
public static class TestFiles
{
    /// <summary>A real, decodable PNG of one colour; extra text chunks carry what must not survive.</summary>
    public static byte[] Png(int width, int height, string? secretText = null, bool pixels = true)
    {
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; ihdr[9] = 2; // 8-bit RGB
        Chunk(png, "IHDR", ihdr);
        if (secretText is not null) Chunk(png, "tEXt", Encoding.Latin1.GetBytes("Comment\0" + secretText));
        if (pixels)
        {
            using var raw = new MemoryStream();
            using (var z = new ZLibStream(raw, CompressionLevel.Fastest, leaveOpen: true))
                for (var y = 0; y < height; y++)
                {
                    z.WriteByte(0);
                    for (var x = 0; x < width; x++) z.Write([0x33, 0x99, 0xCC]);
                }
            Chunk(png, "IDAT", raw.ToArray());
        }
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream s, string type, byte[] data)
    {
        Span<byte> len = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(len, data.Length);
        s.Write(len);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        s.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(len, Crc32(typed));
        s.Write(len);
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }

    /// <summary>A JPEG's structure (not decodable pixels) with an Exif block: orientation 6, a GPS pointer, and a secret.</summary>
    public static byte[] JpegWithExif(int width, int height, string secret)
    {
        using var j = new MemoryStream();
        j.Write([0xFF, 0xD8]);
        Segment(j, 0xE0, [.. "JFIF\0"u8, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
        var tiff = new List<byte>();
        tiff.AddRange([(byte)'M', (byte)'M', 0, 0x2A, 0, 0, 0, 8]);
        tiff.AddRange([0, 2]); // two entries
        tiff.AddRange([0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0]); // Orientation = 6
        tiff.AddRange([0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 38]); // GPS IFD at 38
        tiff.AddRange([0, 0, 0, 0]);
        tiff.AddRange([0, 1, 0, 1, 0, 2, 0, 0, 0, 2, (byte)'N', 0, 0, 0, 0, 0, 0, 0]); // GPSLatitudeRef = N
        tiff.AddRange(Encoding.ASCII.GetBytes(secret));
        Segment(j, 0xE1, [.. "Exif\0\0"u8, .. tiff]);
        Segment(j, 0xE1, [.. "http://ns.adobe.com/xap/1.0/\0"u8, .. Encoding.ASCII.GetBytes("<x:xmpmeta>" + secret + "</x:xmpmeta>")]);
        var sof = new byte[15];
        sof[0] = 8;
        BinaryPrimitives.WriteUInt16BigEndian(sof.AsSpan(1), (ushort)height);
        BinaryPrimitives.WriteUInt16BigEndian(sof.AsSpan(3), (ushort)width);
        sof[5] = 3;
        Segment(j, 0xC0, sof);
        Segment(j, 0xDA, [3, 1, 0, 2, 0x11, 3, 0x11, 0, 0x3F, 0]);
        j.Write(Enumerable.Range(0, 64).Select(i => (byte)(i * 3)).ToArray());
        j.Write([0xFF, 0xD9]);
        return j.ToArray();
    }

    private static void Segment(Stream s, byte marker, byte[] payload)
    {
        s.Write([0xFF, marker, (byte)((payload.Length + 2) >> 8), (byte)(payload.Length + 2)]);
        s.Write(payload);
    }

    /// <summary>
    /// A valid GIF89a: a 1×1 frame on a width×height screen, looping. Optional: a comment block, an XMP block (raw, with
    /// its 258-byte "magic trailer" as the XMP spec lays it out), and bytes after the trailer.
    /// </summary>
    public static byte[] Gif(int width, int height, string? comment = null, string? xmp = null, byte[]? after = null)
    {
        using var g = new MemoryStream();
        g.Write("GIF89a"u8);
        g.Write([(byte)width, (byte)(width >> 8), (byte)height, (byte)(height >> 8), 0x80, 0, 0]); // global colour table of 2
        g.Write([0, 0, 0, 0xFF, 0xFF, 0xFF]);
        g.Write([0x21, 0xFF, 11, .. "NETSCAPE2.0"u8, 3, 1, 0, 0, 0]);
        if (comment is not null)
        {
            g.Write([0x21, 0xFE]);
            SubBlocks(g, Encoding.Latin1.GetBytes(comment));
        }
        if (xmp is not null)
        {
            g.Write([0x21, 0xFF, 11, .. "XMP DataXMP"u8, .. Encoding.UTF8.GetBytes(xmp), 1]);
            for (var b = 255; b >= 0; b--) g.WriteByte((byte)b);
            g.WriteByte(0);
        }
        g.Write([0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 0x01, 0, 0x3B]);
        if (after is not null) g.Write(after);
        return g.ToArray();
    }

    private static void SubBlocks(Stream s, byte[] data)
    {
        for (var at = 0; at < data.Length; at += 255)
        {
            var n = Math.Min(255, data.Length - at);
            s.WriteByte((byte)n);
            s.Write(data, at, n);
        }
        s.WriteByte(0);
    }

    /// <summary>A 1×1 lossless WebP bitstream (VP8L chunk data, 13 bytes).</summary>
    public static readonly byte[] WebpPixel = [0x2F, 0, 0, 0, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xFE, 0x07];

    /// <summary>An extended WebP (VP8X) of one pixel, with EXIF and XMP chunks holding the secret when given.</summary>
    public static byte[] Webp(string? secret = null)
    {
        using var body = new MemoryStream();
        body.Write("WEBP"u8);
        RiffChunk(body, "VP8X", [(byte)(secret is null ? 0 : 0x0C), 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        RiffChunk(body, "VP8L", WebpPixel);
        if (secret is not null)
        {
            RiffChunk(body, "EXIF", [.. "MM\0*\0\0\0\x08"u8, 0, 0, 0, 0, 0, 0, .. Encoding.ASCII.GetBytes("GPS " + secret)]);
            RiffChunk(body, "XMP ", Encoding.UTF8.GetBytes("<x:xmpmeta><exif:GPSLatitude>" + secret + "</exif:GPSLatitude></x:xmpmeta>"));
        }
        var riff = new byte[8 + body.Length];
        "RIFF"u8.CopyTo(riff);
        BinaryPrimitives.WriteUInt32LittleEndian(riff.AsSpan(4), (uint)body.Length);
        body.ToArray().CopyTo(riff, 8);
        return riff;
    }

    private static void RiffChunk(Stream s, string type, byte[] data)
    {
        s.Write(Encoding.ASCII.GetBytes(type));
        Span<byte> len = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(len, (uint)data.Length);
        s.Write(len);
        s.Write(data);
        if (data.Length % 2 == 1) s.WriteByte(0);
    }

    /// <summary>The coded picture in <see cref="Heif"/>'s media data: stands in for HEVC or AV1, never decoded.</summary>
    public static readonly byte[] HeifPicture = [.. Enumerable.Range(0, 200).Select(i => (byte)(i * 7 + 1))];

    /// <summary>
    /// A HEIF still image as a phone writes one (brand heic or avif): meta with hdlr, pitm, iinf (the picture, an Exif
    /// item, an XMP mime item), iprp (ispe, and irot when rotated), iloc; then mdat holding the picture, the Exif block
    /// (GPS latitude and the secret) and the XMP packet (the secret). Returns where the Exif item starts, too.
    /// </summary>
    public static (byte[] File, int ExifAt) Heif(string brand, int width, int height, string secret, bool rotated = false)
    {
        var codec = brand == "avif" ? "av01" : "hvc1";
        var ftyp = IsoBox("ftyp", [.. Ascii(brand), 0, 0, 0, 0, .. Ascii("mif1"), .. Ascii(brand)]);
        byte[] exif = [0, 0, 0, 6, .. "Exif\0\0MM\0*\0\0\0\x08\0\x01"u8, 0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 26, 0, 0, 0, 0,
            0, 1, 0, 1, 0, 2, 0, 0, 0, 2, (byte)'N', 0, 0, 0, 0, 0, 0, 0, .. Ascii("GPS " + secret)];
        var xmp = Encoding.UTF8.GetBytes("<x:xmpmeta><rdf:RDF><exif:GPSLatitude>" + secret + "</exif:GPSLatitude></rdf:RDF></x:xmpmeta>");
        byte[] Meta(int mdatData) => IsoFullBox("meta", 0,
            IsoFullBox("hdlr", 0, [0, 0, 0, 0, .. Ascii("pict"), .. new byte[12], 0]),
            IsoFullBox("pitm", 0, [0, 1]),
            IsoFullBox("iinf", 0, [0, 3],
                IsoFullBox("infe", 2, [0, 1, 0, 0, .. Ascii(codec), 0]),
                IsoFullBox("infe", 2, [0, 2, 0, 0, .. Ascii("Exif"), 0]),
                IsoFullBox("infe", 2, [0, 3, 0, 0, .. Ascii("mime"), 0, .. Ascii("application/rdf+xml"), 0])),
            IsoBox("iprp",
                IsoBox("ipco", [.. IsoFullBox("ispe", 0, [.. U32(width), .. U32(height)]), .. rotated ? IsoBox("irot", [1]) : []]),
                IsoFullBox("ipma", 0, [0, 0, 0, 1, 0, 1, (byte)(rotated ? 2 : 1), 0x01, .. rotated ? [(byte)0x82] : Array.Empty<byte>()])),
            IsoFullBox("iloc", 0, [0x44, 0x00, 0, 3,
                0, 1, 0, 0, 0, 1, .. U32(mdatData), .. U32(HeifPicture.Length),
                0, 2, 0, 0, 0, 1, .. U32(mdatData + HeifPicture.Length), .. U32(exif.Length),
                0, 3, 0, 0, 0, 1, .. U32(mdatData + HeifPicture.Length + exif.Length), .. U32(xmp.Length)]));
        var mdatAt = ftyp.Length + Meta(0).Length + 8;
        byte[] file = [.. ftyp, .. Meta(mdatAt), .. IsoBox("mdat", [.. HeifPicture, .. exif, .. xmp])];
        return (file, mdatAt + HeifPicture.Length);
    }

    /// <summary>
    /// A video as an iPhone (brand "qt  ") or Android phone (isom) writes one: moov with mvhd, a trak, udta/©xyz (the
    /// secret as an ISO 6709 string) and QuickTime metadata (keys: location.ISO6709, make; ilst: the secret, "Apple");
    /// then mdat, whose bytes must come back untouched.
    /// </summary>
    public static byte[] Movie(string brand, string secret)
    {
        var location = Ascii("+48.8584+002.2945+035.000/" + secret);
        byte[] Key(string name) => [.. U32(8 + name.Length), .. Ascii("mdta"), .. Ascii(name)];
        byte[] Item(int index, byte[] value) => [.. U32(8 + 16 + value.Length), .. U32(index), .. IsoBox("data", [0, 0, 0, 1, 0, 0, 0, 0, .. value])];
        var moov = IsoBox("moov",
            IsoFullBox("mvhd", 0, new byte[96]),
            IsoBox("trak", IsoFullBox("tkhd", 0, new byte[80]), IsoBox("udta", IsoBox("\u00A9xyz", [0, (byte)location.Length, 0x15, 0xC7, .. location]))),
            IsoBox("udta", IsoBox("\u00A9xyz", [0, (byte)location.Length, 0x15, 0xC7, .. location])),
            IsoBox("meta",
                IsoFullBox("hdlr", 0, [0, 0, 0, 0, .. Ascii("mdta"), .. new byte[12], 0]),
                IsoFullBox("keys", 0, [0, 0, 0, 2, .. Key("com.apple.quicktime.location.ISO6709"), .. Key("com.apple.quicktime.make")]),
                IsoBox("ilst", [.. Item(1, location), .. Item(2, Ascii("Apple"))])));
        return [.. IsoBox("ftyp", [.. Ascii(brand), 0, 0, 2, 0, .. Ascii(brand)]), .. moov, .. IsoBox("mdat", HeifPicture)];
    }

    public static byte[] IsoBox(string type, params byte[][] parts) => [.. U32(8 + parts.Sum(p => p.Length)), .. Encoding.Latin1.GetBytes(type), .. parts.SelectMany(p => p)];

    private static byte[] IsoFullBox(string type, byte version, params byte[][] parts) => IsoBox(type, [[version, 0, 0, 0], .. parts]);

    private static byte[] U32(int v) => [(byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v];

    private static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);

    public static MultipartFormDataContent Form(byte[] bytes, string name, string contentType, byte[]? thumbnail = null, params (string Field, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        form.Add(file, "file", name);
        if (thumbnail is not null)
        {
            var thumb = new ByteArrayContent(thumbnail);
            thumb.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(thumb, "thumbnail", "thumbnail.png");
        }
        foreach (var (field, value) in fields) form.Add(new StringContent(value), field);
        return form;
    }

    /// <summary>Uploads as the user and asserts 201; returns the FileDto.</summary>
    public static async Task<JsonElement> UploadAsync(this TestUser u, byte[] bytes, string name, string contentType = "application/octet-stream",
        byte[]? thumbnail = null, params (string Field, string Value)[] fields)
    {
        using var http = u.Http();
        return await Expect.Json(await http.PostAsync("/api/files", Form(bytes, name, contentType, thumbnail, fields)), 201);
    }
}
