using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parley.Server.Messages;

namespace Parley.Server.Previews;

public sealed class LinkPreviewConfiguration : IEntityTypeConfiguration<LinkPreview>
{
    public void Configure(EntityTypeBuilder<LinkPreview> e)
    {
        e.ToTable("link_previews");
        e.Property(p => p.UrlHash).HasMaxLength(64);
        e.Property(p => p.Url).HasMaxLength(MessageLinks.MaxUrlLength);
        e.Property(p => p.Title).HasMaxLength(PageMetadata.MaxTitle);
        e.Property(p => p.Description).HasMaxLength(PageMetadata.MaxDescription);
        e.Property(p => p.SiteName).HasMaxLength(PageMetadata.MaxTitle);
        e.Property(p => p.ImageUrl).HasMaxLength(MessageLinks.MaxUrlLength);
        e.HasIndex(p => p.UrlHash).IsUnique();
    }
}

public sealed class LinkPreviewImageConfiguration : IEntityTypeConfiguration<LinkPreviewImage>
{
    public void Configure(EntityTypeBuilder<LinkPreviewImage> e)
    {
        e.ToTable("link_preview_images");
        e.HasKey(i => i.PreviewId);
        e.Property(i => i.ContentType).HasMaxLength(50);
        e.HasOne<LinkPreview>().WithOne().HasForeignKey<LinkPreviewImage>(i => i.PreviewId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class MessagePreviewConfiguration : IEntityTypeConfiguration<MessagePreview>
{
    public void Configure(EntityTypeBuilder<MessagePreview> e)
    {
        e.ToTable("message_previews");
        e.HasKey(p => new { p.MessageId, p.PreviewId });
        // The image endpoint asks which messages show a preview.
        e.HasIndex(p => p.PreviewId);
        e.HasOne<Message>().WithMany().HasForeignKey(p => p.MessageId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<LinkPreview>().WithMany().HasForeignKey(p => p.PreviewId).OnDelete(DeleteBehavior.Cascade);
    }
}
