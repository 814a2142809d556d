using System.ComponentModel.DataAnnotations;

namespace Parley.Server.Files;

/// <summary>Parley:Files.</summary>
public sealed class FilesOptions
{
    /// <summary>"disk" (default: under <see cref="Path"/>) or "s3" (see <see cref="S3"/>).</summary>
    [RegularExpression("^(disk|s3)$", ErrorMessage = "Parley:Files:Storage must be disk or s3.")]
    public string Storage { get; set; } = "disk";
    public string Path { get; set; } = "data/files";
    [Range(1, long.MaxValue)] public long MaxFileBytes { get; set; } = 50L * 1024 * 1024;
    /// <summary>All of a user's uploads together (duplicates counted each time: that is what they sent).</summary>
    [Range(1, long.MaxValue)] public long QuotaBytesPerUser { get; set; } = 2L * 1024 * 1024 * 1024;
    [Range(1, 50)] public int MaxFilesPerMessage { get; set; } = 10;
    /// <summary>
    /// Images with more pixels than this (read from the header, never decoded) are kept as plain files: download only,
    /// never shown inline. 2^25 (≈ 33.5 MP) is 128 MiB once a browser decodes it to RGBA, and still shows 8K screenshots
    /// (7680×4320) and 24–33 MP camera photos; 48–50 MP phone modes and pixel floods download instead.
    /// </summary>
    [Range(1, long.MaxValue)] public long MaxImagePixels { get; set; } = 1L << 25;
    [Range(1, 16 * 1024 * 1024)] public int MaxThumbnailBytes { get; set; } = 512 * 1024;
    [Range(1, long.MaxValue)] public long MaxAvatarBytes { get; set; } = 5L * 1024 * 1024;
    /// <summary>Uploads never posted in a message are removed after this long.</summary>
    [Range(1, 24 * 365)] public int UnpostedHours { get; set; } = 24;
    /// <summary>How often unreferenced content is looked for and removed.</summary>
    [Range(1, 86400)] public int SweepSeconds { get; set; } = 300;
    /// <summary>Content no longer referenced stays this long, so an upload of the same bytes in progress can't lose it.</summary>
    [Range(0, 86400)] public int OrphanGraceSeconds { get; set; } = 600;
    public S3StoreOptions S3 { get; set; } = new();
}

/// <summary>Parley:Files:S3, for any S3-compatible service (AWS, MinIO, Garage, Ceph …).</summary>
public sealed class S3StoreOptions
{
    /// <summary>e.g. https://s3.eu-west-1.amazonaws.com or http://minio:9000.</summary>
    public string ServiceUrl { get; set; } = "";
    public string Region { get; set; } = "us-east-1";
    public string Bucket { get; set; } = "";
    public string AccessKey { get; set; } = "";
    public string SecretKey { get; set; } = "";
    /// <summary>Key prefix inside the bucket.</summary>
    public string Prefix { get; set; } = "files/";
    /// <summary>Path-style URLs (bucket in the path): what MinIO and most self-hosted services need.</summary>
    public bool ForcePathStyle { get; set; } = true;
}
