using System.Buffers.Binary;
using System.Text;

namespace Parley.Server.Files;

/// <summary>
/// Removes where a HEIC/AVIF photo or an MP4/MOV video was taken, in place: the boxes keep their sizes and places, so
/// every offset in the file (item locations, sample tables) stays valid and nothing is decoded. Photos: the Exif item
/// becomes an empty Exif block, an XMP item an empty XMP packet padded with spaces. Videos: <c>©xyz</c>, <c>loci</c> and <c>XMP_</c> in user data,
/// the <c>com.apple.quicktime.location.*</c> values of QuickTime metadata, and a top-level XMP <c>uuid</c> box become
/// <c>free</c> boxes full of zeros. Also reads an image's size from its <c>ispe</c> property.
/// No parser library does this: MetadataExtractor only reads, TagLib# knows neither HEIF items nor QuickTime keys.
/// Sizes are never trusted: a box that runs past its parent ends the walk of that level; small tables are read only
/// up to <see cref="MaxTableBytes"/>, and a broken file is left as it was rather than refused.
/// </summary>
public static class IsoMediaCleaner
{
    public sealed record Result(int? Width, int? Height, bool Changed);

    private const int MaxTableBytes = 1024 * 1024;
    /// <summary>Boxes looked at in one file, all levels together: real files have a few hundred outside their media data.</summary>
    private const int MaxBoxes = 100_000;
    private static readonly byte[] XmpUuid = Convert.FromHexString("BE7ACFCB97A942E89C71999491E3AFAC");

    /// <summary>Exif item data: offset 0 to a big-endian TIFF header whose first directory has no entries.</summary>
    private static readonly byte[] EmptyExif = [0, 0, 0, 0, (byte)'M', (byte)'M', 0, 0x2A, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0];

    /// <summary>XMP item data: an empty packet, the rest spaces.</summary>
    private static readonly byte[] EmptyXmp = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"/>"u8.ToArray();

    public static bool Handles(string contentType) =>
        contentType is "image/heic" or "image/avif" or "video/mp4" or "video/quicktime" or "audio/mp4";

    private readonly record struct Box(string Type, long Start, long Payload, long End)
    {
        public long PayloadLength => End - Payload;
    }

    private sealed class Walk(Stream file)
    {
        public readonly Stream File = file;
        public bool Changed;
        public int Width, Height;
        public bool Rotated;
        public int BoxesLeft = MaxBoxes;
    }

    /// <summary><paramref name="file"/> must be readable, writable and seekable; it is changed where metadata was found.</summary>
    public static Result Clean(Stream file)
    {
        var walk = new Walk(file);
        foreach (var box in Boxes(walk, 0, file.Length))
        {
            if (box.Type == "meta") ItemMeta(walk, box);
            else if (box.Type == "moov") Movie(walk, box);
            else if (box.Type == "uuid" && box.PayloadLength >= 16 && Read(walk, box.Payload, 16).AsSpan().SequenceEqual(XmpUuid)) Free(walk, box);
        }
        var (w, h) = walk.Rotated ? (walk.Height, walk.Width) : (walk.Width, walk.Height);
        return w > 0 && h > 0 ? new(w, h, walk.Changed) : new(null, null, walk.Changed);
    }

    // ---- boxes

    private static IEnumerable<Box> Boxes(Walk walk, long from, long to)
    {
        for (; from + 8 <= to && walk.BoxesLeft > 0; walk.BoxesLeft--)
        {
            var head = Read(walk, from, (int)Math.Min(16, to - from));
            long size = BinaryPrimitives.ReadUInt32BigEndian(head);
            var headerSize = 8L;
            if (size == 1)
            {
                if (head.Length < 16) yield break;
                size = (long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(head.AsSpan(8)), long.MaxValue);
                headerSize = 16;
            }
            else if (size == 0) size = to - from; // to the end of the parent
            if (size < headerSize || size > to - from) yield break;
            yield return new(Encoding.Latin1.GetString(head, 4, 4), from, from + headerSize, from + size);
            from += size;
        }
    }

    /// <summary>A box whose content is other boxes after <paramref name="skip"/> bytes (4 for a full box's version and flags).</summary>
    private static IEnumerable<Box> Children(Walk walk, Box box, int skip = 0) => Boxes(walk, box.Payload + skip, box.End);

    /// <summary>Renamed <c>free</c> and its content zeroed: players skip it, and every offset stays where it was.</summary>
    private static void Free(Walk walk, Box box)
    {
        walk.File.Position = box.Start + 4;
        walk.File.Write("free"u8);
        Zero(walk, box.Payload, box.PayloadLength);
    }

    private static void Zero(Walk walk, long at, long length, byte fill = 0)
    {
        Span<byte> zeros = stackalloc byte[4096];
        zeros.Fill(fill);
        walk.File.Position = at;
        for (; length > 0; length -= zeros.Length)
            walk.File.Write(zeros[..(int)Math.Min(zeros.Length, length)]);
        walk.Changed = true;
    }

    private static byte[] Read(Walk walk, long at, int count)
    {
        var buffer = new byte[count];
        walk.File.Position = at;
        walk.File.ReadExactly(buffer);
        return buffer;
    }

    /// <summary>A table's bytes, or null when it is too large to be a real one.</summary>
    private static byte[]? Table(Walk walk, Box box) => box.PayloadLength <= MaxTableBytes ? Read(walk, box.Payload, (int)box.PayloadLength) : null;

    // ---- HEIF (HEIC, AVIF): items located by iloc, typed by iinf, sized by ispe

    private readonly record struct Extent(int Method, long Offset, long Length);

    private static void ItemMeta(Walk walk, Box meta)
    {
        var types = new Dictionary<uint, string>();
        var locations = new Dictionary<uint, List<Extent>>();
        Box? idat = null;
        foreach (var box in Children(walk, meta, 4))
        {
            switch (box.Type)
            {
                case "iinf": ItemTypes(walk, box, types); break;
                case "iloc": if (Table(walk, box) is { } iloc) ItemLocations(iloc, locations); break;
                case "idat": idat = box; break;
                case "iprp":
                    foreach (var ipco in Children(walk, box).Where(b => b.Type == "ipco"))
                    foreach (var property in Children(walk, ipco))
                        ImageProperty(walk, property);
                    break;
            }
        }
        foreach (var (id, type) in types)
        {
            if (type is not ("Exif" or "xmp") || !locations.TryGetValue(id, out var extents)) continue;
            var first = true;
            foreach (var extent in extents)
            {
                // 0: in the file; 1: in idat; 2 (inside another item) and length 0 ("to the end") are left alone.
                var at = extent.Method switch
                {
                    0 => extent.Offset,
                    1 when idat is { } d && extent.Offset <= d.PayloadLength => d.Payload + extent.Offset,
                    _ => -1,
                };
                var limit = extent.Method == 1 && idat is { } i ? i.End : walk.File.Length;
                if (at < 0 || extent.Length <= 0 || extent.Length > limit - at) continue;
                var empty = type == "Exif" ? EmptyExif : EmptyXmp;
                Zero(walk, at, extent.Length, type == "Exif" ? (byte)0 : (byte)' ');
                if (first && extent.Length >= empty.Length)
                {
                    walk.File.Position = at;
                    walk.File.Write(empty);
                }
                first = false;
            }
        }
    }

    /// <summary>iinf: item id → "Exif", "xmp" (a mime item of type application/rdf+xml) or its type.</summary>
    private static void ItemTypes(Walk walk, Box iinf, Dictionary<uint, string> types)
    {
        if (iinf.PayloadLength < 6) return;
        var version = Read(walk, iinf.Payload, 1)[0];
        foreach (var infe in Children(walk, iinf, version == 0 ? 6 : 8).Where(b => b.Type == "infe"))
        {
            if (Table(walk, infe) is not { Length: >= 8 } e || e[0] < 2) continue; // versions 0 and 1 have no item type
            var r = new TableReader(e, 4);
            try
            {
                var id = e[0] == 2 ? r.U16() : r.U32();
                r.U16(); // protection index
                var type = Encoding.Latin1.GetString(r.Take(4));
                r.CString(); // name
                var isXmp = type == "mime" && r.CString().Contains("rdf+xml", StringComparison.OrdinalIgnoreCase);
                types[id] = isXmp ? "xmp" : type;
            }
            catch (InvalidDataException) { }
        }
    }

    /// <summary>iloc versions 0–2: each item's construction method and extents (base offset added).</summary>
    private static void ItemLocations(byte[] iloc, Dictionary<uint, List<Extent>> locations)
    {
        var r = new TableReader(iloc, 0);
        try
        {
            var version = r.U8();
            r.Take(3);
            var sizes = r.U16();
            int offsetSize = sizes >> 12, lengthSize = (sizes >> 8) & 15, baseSize = (sizes >> 4) & 15, indexSize = version is 1 or 2 ? sizes & 15 : 0;
            var count = version < 2 ? r.U16() : r.U32();
            for (var i = 0u; i < count; i++)
            {
                var id = version < 2 ? r.U16() : r.U32();
                var method = version is 1 or 2 ? r.U16() & 15 : 0;
                r.U16(); // data reference
                var baseOffset = r.Sized(baseSize);
                var extents = new List<Extent>();
                for (var n = r.U16(); n > 0; n--)
                {
                    r.Sized(indexSize);
                    var offset = r.Sized(offsetSize);
                    var length = r.Sized(lengthSize);
                    extents.Add(new((int)method, baseOffset + offset, length));
                }
                locations[id] = extents;
            }
        }
        catch (InvalidDataException) { } // what was read before the break is used
    }

    /// <summary>ispe (the largest is taken: a grid's, not a tile's or thumbnail's) and irot (a quarter turn swaps width and height).</summary>
    private static void ImageProperty(Walk walk, Box property)
    {
        if (property.Type == "ispe" && property.PayloadLength >= 12)
        {
            var p = Read(walk, property.Payload + 4, 8);
            var (w, h) = (BinaryPrimitives.ReadUInt32BigEndian(p), BinaryPrimitives.ReadUInt32BigEndian(p.AsSpan(4)));
            if (w is 0 or > int.MaxValue || h is 0 or > int.MaxValue) return;
            if ((long)w * h > (long)walk.Width * walk.Height) (walk.Width, walk.Height) = ((int)w, (int)h);
        }
        else if (property.Type == "irot" && property.PayloadLength >= 1)
            walk.Rotated |= (Read(walk, property.Payload, 1)[0] & 1) == 1;
    }

    // ---- MP4 / QuickTime: user data and metadata in the movie and its tracks

    private static void Movie(Walk walk, Box moov)
    {
        foreach (var box in Children(walk, moov))
        {
            if (box.Type == "udta") UserData(walk, box);
            else if (box.Type == "meta") Metadata(walk, box);
            else if (box.Type == "trak")
                foreach (var inTrack in Children(walk, box))
                    if (inTrack.Type == "udta") UserData(walk, inTrack);
                    else if (inTrack.Type == "meta") Metadata(walk, inTrack);
        }
    }

    private static void UserData(Walk walk, Box udta)
    {
        foreach (var box in Children(walk, udta))
            if (box.Type is "\u00A9xyz" or "loci" or "XMP_") Free(walk, box);
            else if (box.Type == "meta") Metadata(walk, box);
    }

    /// <summary>
    /// QuickTime's meta (hdlr, keys, ilst; a plain box) or MP4's (a full box): ilst items that are a location key,
    /// or the ©xyz item, are freed. A full box is told apart by its children starting 4 bytes in.
    /// </summary>
    private static void Metadata(Walk walk, Box meta)
    {
        if (meta.PayloadLength < 8) return;
        var skip = Read(walk, meta.Payload + 4, 4).AsSpan().SequenceEqual("hdlr"u8) ? 0 : 4;
        var children = Children(walk, meta, skip).ToList();
        var locationKeys = new HashSet<uint>();
        foreach (var keys in children.Where(b => b.Type == "keys"))
            if (Table(walk, keys) is { } k) LocationKeys(k, locationKeys);
        foreach (var ilst in children.Where(b => b.Type == "ilst"))
            foreach (var item in Children(walk, ilst))
                if (item.Type == "\u00A9xyz" || locationKeys.Contains(BinaryPrimitives.ReadUInt32BigEndian(Encoding.Latin1.GetBytes(item.Type))))
                    Free(walk, item);
    }

    /// <summary>keys: entries numbered from 1, each a size, a namespace and the key's name.</summary>
    private static void LocationKeys(byte[] keys, HashSet<uint> found)
    {
        var r = new TableReader(keys, 4);
        try
        {
            var count = r.U32();
            for (var index = 1u; index <= count; index++)
            {
                var size = r.U32();
                if (size < 8) return;
                r.Take(4); // namespace, mdta
                var name = Encoding.UTF8.GetString(r.Take((int)Math.Min(size - 8, int.MaxValue)));
                if (name.StartsWith("com.apple.quicktime.location", StringComparison.Ordinal)) found.Add(index);
            }
        }
        catch (InvalidDataException) { }
    }

    /// <summary>Big-endian fields of a table held in memory; reading past its end throws InvalidDataException.</summary>
    private sealed class TableReader(byte[] data, int at)
    {
        private int _at = at;

        public ReadOnlySpan<byte> Take(int count)
        {
            if (count < 0 || count > data.Length - _at) throw new InvalidDataException("Table ends early.");
            _at += count;
            return data.AsSpan(_at - count, count);
        }

        public byte U8() => Take(1)[0];
        public ushort U16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));
        public uint U32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));

        /// <summary>An unsigned field of 0, 4 or 8 bytes (iloc's sizes).</summary>
        public long Sized(int size) => size switch
        {
            0 => 0,
            4 => U32(),
            8 => (long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(Take(8)), long.MaxValue / 4),
            _ => throw new InvalidDataException("Bad field size."),
        };

        public string CString()
        {
            var rest = data.AsSpan(_at);
            var end = rest.IndexOf((byte)0);
            if (end < 0) throw new InvalidDataException("Unterminated string.");
            _at += end + 1;
            return Encoding.UTF8.GetString(rest[..end]);
        }
    }
}
