using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parley.Server.Accounts;

namespace Parley.Server.CustomEmoji;

public sealed class CustomEmojiConfiguration : IEntityTypeConfiguration<CustomEmoji>
{
    public void Configure(EntityTypeBuilder<CustomEmoji> e)
    {
        e.ToTable("custom_emoji");
        e.Property(x => x.Name).HasMaxLength(EmojiNames.MaxLength);
        e.HasIndex(x => x.Name).IsUnique();
        e.Property(x => x.ContentType).HasMaxLength(50);
        e.Property(x => x.Version).HasMaxLength(EmojiImages.VersionLength);
        // Accounts are deactivated, never deleted: an emoji outlives its creator's activity on the server.
        e.HasOne<User>().WithMany().HasForeignKey(x => x.CreatedById).OnDelete(DeleteBehavior.Restrict);
    }
}
