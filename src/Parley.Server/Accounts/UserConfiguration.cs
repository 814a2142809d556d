using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parley.Server.Data;
using Parley.Server.Files;

namespace Parley.Server.Accounts;

public sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> e)
    {
        e.ToTable("users");
        e.Property(u => u.DisplayName).HasMaxLength(64);
        e.Property(u => u.StatusText).HasMaxLength(140);
        e.Property(u => u.Bio).HasMaxLength(500).HasStoreDefault("");
        e.Property(u => u.TimeZone).HasMaxLength(64).HasStoreDefault("");
        e.Property(u => u.PresenceChoice).HasMaxLength(8).HasStoreDefault("");
        e.HasIndex(u => u.StatusExpiresAt);
        e.Property(u => u.ServerRole).HasStoreDefault(Moderation.ServerRole.Member);
        // An address belongs to one verified account at most (unverified ones may repeat: nobody proved them yet).
        e.HasIndex(u => u.NormalizedEmail, "ix_users_verified_email").IsUnique().HasFilter("email_confirmed = TRUE");
        e.HasOne<StoredFile>().WithMany().HasForeignKey(u => u.AvatarFileId).OnDelete(DeleteBehavior.SetNull);
    }
}
