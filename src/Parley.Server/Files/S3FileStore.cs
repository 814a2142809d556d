using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;

namespace Parley.Server.Files;

/// <summary>
/// Content in an S3-compatible bucket, one object per hash under Parley:Files:S3:Prefix. Reads are ranged GETs behind
/// a seekable stream, so seeking in a video asks the bucket for just that part.
/// </summary>
public sealed class S3FileStore : IFileStore, IDisposable
{
    private readonly AmazonS3Client _s3;
    private readonly S3StoreOptions _o;

    public S3FileStore(IOptions<FilesOptions> options)
    {
        _o = options.Value.S3;
        if (string.IsNullOrEmpty(_o.Bucket)) throw new InvalidOperationException("Parley:Files:S3:Bucket is required when Parley:Files:Storage is s3.");
        var config = new AmazonS3Config
        {
            ForcePathStyle = _o.ForcePathStyle,
            AuthenticationRegion = _o.Region,
            // Checksums only where S3 demands them: many S3-compatible servers don't understand the newer trailers.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (!string.IsNullOrEmpty(_o.ServiceUrl)) config.ServiceURL = _o.ServiceUrl;
        else config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(_o.Region);
        _s3 = new AmazonS3Client(new BasicAWSCredentials(_o.AccessKey, _o.SecretKey), config);
        TempFolder = Path.Combine(Path.GetTempPath(), "parley-uploads");
        Directory.CreateDirectory(TempFolder);
    }

    public string TempFolder { get; }

    private string Key(string sha256) => _o.Prefix + sha256;

    public async Task PutAsync(string sha256, string tempPath, string contentType, CancellationToken ct = default)
    {
        if (!await ExistsAsync(sha256, ct))
            await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _o.Bucket, Key = Key(sha256), FilePath = tempPath, ContentType = contentType,
                // A plain signed body rather than aws-chunked framing, which not every S3-compatible server decodes.
                UseChunkEncoding = false }, ct);
        File.Delete(tempPath);
    }

    public async Task<Stream?> OpenReadAsync(string sha256, CancellationToken ct = default)
    {
        try
        {
            var meta = await _s3.GetObjectMetadataAsync(_o.Bucket, Key(sha256), ct);
            return new S3RangeStream(_s3, _o.Bucket, Key(sha256), meta.ContentLength);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound) { return null; }
    }

    public async Task<bool> ExistsAsync(string sha256, CancellationToken ct = default)
    {
        try
        {
            await _s3.GetObjectMetadataAsync(_o.Bucket, Key(sha256), ct);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound) { return false; }
    }

    public Task DeleteAsync(string sha256, CancellationToken ct = default) => _s3.DeleteObjectAsync(_o.Bucket, Key(sha256), ct);

    public void Dispose() => _s3.Dispose();

    /// <summary>A read-only seekable view of one object: each read after a seek opens a ranged GET from there to the end.</summary>
    private sealed class S3RangeStream(IAmazonS3 s3, string bucket, string key, long length) : Stream
    {
        private Stream? _body;
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => length;

        public override long Position
        {
            get => _position;
            set => Seek(value, SeekOrigin.Begin);
        }

        public override long Seek(long offset, SeekOrigin origin)
        {
            var target = origin switch { SeekOrigin.Begin => offset, SeekOrigin.Current => _position + offset, _ => length + offset };
            if (target < 0) throw new IOException("Seek before the start.");
            if (target != _position) { _body?.Dispose(); _body = null; }
            _position = target;
            return _position;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
        {
            if (_position >= length || buffer.Length == 0) return 0;
            if (_body is null)
            {
                var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key, ByteRange = new ByteRange(_position, length - 1) }, ct);
                _body = response.ResponseStream;
            }
            var n = await _body.ReadAsync(buffer, ct);
            _position += n;
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();
        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
        public override void Flush() { }
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) _body?.Dispose();
            base.Dispose(disposing);
        }
    }
}
