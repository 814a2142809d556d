using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parley.Server.Accounts;
using Parley.Server.Data;
using Parley.Server.Messages;
using Parley.Server.Rooms;

namespace Parley.Server.Files;

public sealed class StoredFileConfiguration : IEntityTypeConfiguration<StoredFile>
{
    public void Configure(EntityTypeBuilder<StoredFile> e)
    {
        e.ToTable("files");
        e.Property(f => f.Name).HasMaxLength(255);
        e.Property(f => f.ContentType).HasMaxLength(100);
        e.Property(f => f.Sha256).HasMaxLength(64);
        e.Property(f => f.ThumbnailSha256).HasMaxLength(64);
        e.Property(f => f.ThumbnailContentType).HasMaxLength(100);
        e.Property(f => f.IsVoice).HasStoreDefault(false);
        e.HasIndex(f => f.MessageId);
        e.HasIndex(f => new { f.UploaderId, f.CreatedAt });
        e.HasIndex(f => f.Sha256);
        e.HasIndex(f => f.ThumbnailSha256);
        e.HasOne<User>().WithMany().HasForeignKey(f => f.UploaderId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Message>().WithMany().HasForeignKey(f => f.MessageId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Room>().WithMany().HasForeignKey(f => f.RoomId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<FileBlob>().WithMany().HasForeignKey(f => f.Sha256).OnDelete(DeleteBehavior.Restrict);
    }
}
