using System.Buffers.Binary;

namespace Parley.Server.Files;

/// <summary>
/// Rewrites a photo without its metadata (EXIF with GPS position, XMP, IPTC, text chunks, GIF comments) and reads its size from
/// the headers. Pixels are copied untouched; nothing is decoded, so a crafted image can't make the server allocate
/// for its pixel count. A JPEG keeps only its orientation, so it still shows the right way up.
/// </summary>
public static class PhotoCleaner
{
    public sealed record Result(int Width, int Height);

    /// <summary>Copies <paramref name="input"/> to <paramref name="output"/> without metadata. Throws InvalidDataException if the structure is broken.</summary>
    public static Result Clean(string contentType, Stream input, Stream output) => contentType switch
    {
        "image/jpeg" => Jpeg(input, output),
        "image/png" => Png(input, output),
        "image/webp" => Webp(input, output),
        "image/gif" => Gif(input, output),
        _ => throw new ArgumentException("Not a photo type this cleaner knows: " + contentType, nameof(contentType)),
    };

    public static bool Handles(string contentType) => contentType is "image/jpeg" or "image/png" or "image/webp" or "image/gif";

    // ---- JPEG: segments up to the first scan are read, filtered and written; the rest is copied as is.

    private const int MaxJpegHeaderBytes = 4 * 1024 * 1024;

    private static Result Jpeg(Stream input, Stream output)
    {
        var soi = ReadExactly(input, 2);
        if (soi[0] != 0xFF || soi[1] != 0xD8) throw new InvalidDataException("Not a JPEG.");
        var kept = new List<(byte Marker, byte[] Payload)>();
        ushort orientation = 1;
        int width = 0, height = 0, headerBytes = 0;
        while (true)
        {
            var marker = NextMarker(input);
            if (marker == 0xD9) throw new InvalidDataException("JPEG ends before its image data.");
            if (marker is 0x01 or >= 0xD0 and <= 0xD7) { kept.Add((marker, [])); continue; }
            var length = BinaryPrimitives.ReadUInt16BigEndian(ReadExactly(input, 2));
            if (length < 2) throw new InvalidDataException("Bad JPEG segment length.");
            headerBytes += length;
            if (headerBytes > MaxJpegHeaderBytes) throw new InvalidDataException("JPEG headers are too large.");
            var payload = ReadExactly(input, length - 2);
            switch (marker)
            {
                case 0xE1: // Exif or XMP: dropped, but the orientation is kept.
                    if (payload.AsSpan().StartsWith("Exif\0\0"u8)) orientation = ExifOrientation(payload.AsSpan(6));
                    continue;
                case 0xED or 0xFE or (>= 0xE3 and <= 0xEF and not 0xEE): // IPTC, comments, vendor blocks (0xEE Adobe stays: colour transform)
                    continue;
                case >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC:
                    if (payload.Length < 5) throw new InvalidDataException("Bad JPEG frame header.");
                    height = BinaryPrimitives.ReadUInt16BigEndian(payload.AsSpan(1));
                    width = BinaryPrimitives.ReadUInt16BigEndian(payload.AsSpan(3));
                    break;
            }
            kept.Add((marker, payload));
            if (marker == 0xDA) break; // start of scan: entropy-coded data follows
        }
        if (width == 0 || height == 0) throw new InvalidDataException("JPEG has no frame size.");

        output.Write([0xFF, 0xD8]);
        var wroteOrientation = false;
        foreach (var (marker, payload) in kept)
        {
            // JFIF's APP0 stays first; the orientation goes right after it (or first, without APP0).
            if (!wroteOrientation && marker != 0xE0)
            {
                if (orientation is > 1 and <= 8) WriteSegment(output, 0xE1, OrientationExif(orientation));
                wroteOrientation = true;
            }
            if (payload.Length == 0 && marker is 0x01 or >= 0xD0 and <= 0xD7) output.Write([0xFF, marker]);
            else WriteSegment(output, marker, payload);
        }
        input.CopyTo(output);
        return new(width, height);
    }

    private static byte NextMarker(Stream input)
    {
        var b = input.ReadByte();
        if (b != 0xFF) throw new InvalidDataException("JPEG marker expected.");
        do b = input.ReadByte(); while (b == 0xFF); // fill bytes
        if (b < 0) throw new InvalidDataException("JPEG ends early.");
        return (byte)b;
    }

    private static void WriteSegment(Stream output, byte marker, ReadOnlySpan<byte> payload)
    {
        Span<byte> head = [0xFF, marker, 0, 0];
        BinaryPrimitives.WriteUInt16BigEndian(head[2..], (ushort)(payload.Length + 2));
        output.Write(head);
        output.Write(payload);
    }

    /// <summary>Tag 0x0112 of IFD0 in a TIFF block, or 1 when absent or unreadable.</summary>
    private static ushort ExifOrientation(ReadOnlySpan<byte> tiff)
    {
        if (tiff.Length < 8) return 1;
        var little = tiff[0] == (byte)'I';
        ushort U16(ReadOnlySpan<byte> s) => little ? BinaryPrimitives.ReadUInt16LittleEndian(s) : BinaryPrimitives.ReadUInt16BigEndian(s);
        uint U32(ReadOnlySpan<byte> s) => little ? BinaryPrimitives.ReadUInt32LittleEndian(s) : BinaryPrimitives.ReadUInt32BigEndian(s);
        var ifd = U32(tiff[4..]);
        if (ifd > tiff.Length - 2) return 1;
        var count = U16(tiff[(int)ifd..]);
        for (var i = 0; i < count; i++)
        {
            var at = (int)ifd + 2 + i * 12;
            if (at + 12 > tiff.Length) return 1;
            if (U16(tiff[at..]) == 0x0112) return U16(tiff[(at + 8)..]);
        }
        return 1;
    }

    /// <summary>An Exif block holding nothing but the orientation.</summary>
    private static byte[] OrientationExif(ushort orientation) =>
    [
        (byte)'E', (byte)'x', (byte)'i', (byte)'f', 0, 0,
        (byte)'M', (byte)'M', 0, 0x2A, 0, 0, 0, 8, // big-endian TIFF, IFD0 at 8
        0, 1, // one entry
        0x01, 0x12, 0, 3, 0, 0, 0, 1, (byte)(orientation >> 8), (byte)orientation, 0, 0, // Orientation, SHORT, 1
        0, 0, 0, 0, // no next IFD
    ];

    // ---- PNG: chunks copied except metadata chunks.

    private static readonly HashSet<string> PngDropped = ["eXIf", "tEXt", "zTXt", "iTXt", "tIME"];

    private static Result Png(Stream input, Stream output)
    {
        var signature = ReadExactly(input, 8);
        output.Write(signature);
        int width = 0, height = 0;
        while (true)
        {
            var head = ReadExactly(input, 8);
            var length = BinaryPrimitives.ReadUInt32BigEndian(head);
            if (length > int.MaxValue) throw new InvalidDataException("Bad PNG chunk length.");
            var type = System.Text.Encoding.ASCII.GetString(head, 4, 4);
            if (type == "IHDR")
            {
                if (length != 13) throw new InvalidDataException("Bad PNG header."); // and never a 2 GB buffer
                var data = ReadExactly(input, (int)length + 4);
                width = (int)BinaryPrimitives.ReadUInt32BigEndian(data);
                height = (int)BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(4));
                output.Write(head);
                output.Write(data);
                continue;
            }
            if (PngDropped.Contains(type)) Skip(input, length + 4);
            else
            {
                output.Write(head);
                CopyExactly(input, output, length + 4);
            }
            if (type == "IEND") break;
        }
        if (width <= 0 || height <= 0) throw new InvalidDataException("PNG has no size.");
        return new(width, height);
    }

    // ---- WebP: RIFF chunks copied except EXIF and XMP; VP8X flags and the RIFF size fixed.

    private static Result Webp(Stream input, Stream output)
    {
        var riff = ReadExactly(input, 12);
        var riffSize = BinaryPrimitives.ReadUInt32LittleEndian(riff.AsSpan(4));
        long remaining = riffSize - 4;
        var start = output.Position;
        output.Write(riff);
        int width = 0, height = 0;
        while (remaining >= 8)
        {
            var head = ReadExactly(input, 8);
            var type = System.Text.Encoding.ASCII.GetString(head, 0, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(4));
            var padded = (long)size + (size & 1);
            remaining -= 8 + padded;
            if (type is "EXIF" or "XMP ") { Skip(input, padded); continue; }
            if (type is "VP8X" or "VP8 " or "VP8L")
            {
                var data = ReadExactly(input, (int)Math.Min(padded, 64));
                if (type == "VP8X" && data.Length >= 10)
                {
                    data[0] &= unchecked((byte)~0x0C); // no EXIF, no XMP
                    width = 1 + (data[4] | data[5] << 8 | data[6] << 16);
                    height = 1 + (data[7] | data[8] << 8 | data[9] << 16);
                }
                else if (type == "VP8 " && width == 0 && data.Length >= 10)
                {
                    width = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(6)) & 0x3FFF;
                    height = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(8)) & 0x3FFF;
                }
                else if (type == "VP8L" && width == 0 && data.Length >= 5)
                {
                    var bits = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(1));
                    width = 1 + (int)(bits & 0x3FFF);
                    height = 1 + (int)((bits >> 14) & 0x3FFF);
                }
                output.Write(head);
                output.Write(data);
                CopyExactly(input, output, padded - data.Length);
                continue;
            }
            output.Write(head);
            CopyExactly(input, output, padded);
        }
        if (width <= 0 || height <= 0) throw new InvalidDataException("WebP has no size.");
        var end = output.Position;
        output.Position = start + 4;
        Span<byte> size32 = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(size32, (uint)(end - start - 8));
        output.Write(size32);
        output.Position = end;
        return new(width, height);
    }

    // ---- GIF: blocks copied except comments and application blocks other than looping and colour profile
    // (XMP sits in one); whatever follows the trailer is dropped.

    private static readonly HashSet<string> GifKeptApplications = ["NETSCAPE2.0", "ANIMEXTS1.0", "ICCRGBG1012"];

    private static Result Gif(Stream input, Stream output)
    {
        var head = ReadExactly(input, 13);
        if (!head.AsSpan().StartsWith("GIF87a"u8) && !head.AsSpan().StartsWith("GIF89a"u8)) throw new InvalidDataException("Not a GIF.");
        output.Write(head);
        if ((head[10] & 0x80) != 0) CopyExactly(input, output, 3 << ((head[10] & 7) + 1)); // global colour table
        while (true)
        {
            var block = input.ReadByte();
            if (block is 0x3B or -1) break; // a GIF cut before its trailer shows what it has; the trailer is added
            if (block == 0x2C)
            {
                var descriptor = ReadExactly(input, 9); // position, size, flags
                output.WriteByte(0x2C);
                output.Write(descriptor);
                if ((descriptor[8] & 0x80) != 0) CopyExactly(input, output, 3 << ((descriptor[8] & 7) + 1)); // local colour table
                output.WriteByte(ReadByteExactly(input)); // LZW code size
                SubBlocks(input, output);
                continue;
            }
            if (block != 0x21) throw new InvalidDataException("Bad GIF block.");
            var label = ReadByteExactly(input);
            if (label == 0xFE) { SubBlocks(input, Stream.Null); continue; } // comment
            if (label == 0xFF)
            {
                // The first sub-block names the application: 11 bytes.
                var id = ReadExactly(input, ReadByteExactly(input));
                var kept = id.Length == 11 && GifKeptApplications.Contains(System.Text.Encoding.ASCII.GetString(id));
                if (kept)
                {
                    output.Write([0x21, 0xFF, (byte)id.Length]);
                    output.Write(id);
                }
                if (id.Length > 0) SubBlocks(input, kept ? output : Stream.Null); // else that length byte ended it
                continue;
            }
            output.Write([0x21, label]); // graphic control, plain text
            SubBlocks(input, output);
        }
        output.WriteByte(0x3B);
        return new(BinaryPrimitives.ReadUInt16LittleEndian(head.AsSpan(6)), BinaryPrimitives.ReadUInt16LittleEndian(head.AsSpan(8)));
    }

    /// <summary>Data sub-blocks (a length byte, then that many bytes) up to the empty one, which is copied too.</summary>
    private static void SubBlocks(Stream input, Stream output)
    {
        Span<byte> buffer = stackalloc byte[255];
        int length;
        while ((length = ReadByteExactly(input)) > 0)
        {
            input.ReadExactly(buffer[..length]);
            output.WriteByte((byte)length);
            output.Write(buffer[..length]);
        }
        output.WriteByte(0);
    }

    // ---- stream helpers

    private static byte[] ReadExactly(Stream input, int count)
    {
        var buffer = new byte[count];
        input.ReadExactly(buffer);
        return buffer;
    }

    private static byte ReadByteExactly(Stream input)
    {
        var b = input.ReadByte();
        return b >= 0 ? (byte)b : throw new EndOfStreamException();
    }

    private static void Skip(Stream input, long count)
    {
        if (input.CanSeek)
        {
            if (input.Position + count > input.Length) throw new EndOfStreamException();
            input.Seek(count, SeekOrigin.Current);
        }
        else CopyExactly(input, Stream.Null, count);
    }

    private static void CopyExactly(Stream input, Stream output, long count)
    {
        var buffer = new byte[81920];
        while (count > 0)
        {
            var n = input.Read(buffer, 0, (int)Math.Min(buffer.Length, count));
            if (n == 0) throw new EndOfStreamException();
            output.Write(buffer, 0, n);
            count -= n;
        }
    }
}
