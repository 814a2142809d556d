using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Parley.Server.Accounts;

public sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> e)
    {
        e.ToTable("user_sessions");
        e.HasKey(s => s.SessionId);
        e.Property(s => s.SessionId).HasMaxLength(64);
        e.Property(s => s.Method).HasMaxLength(64);
        e.Property(s => s.Kind).HasMaxLength(16);
        e.Property(s => s.Address).HasMaxLength(UserSession.MaxAddress);
        e.Property(s => s.UserAgent).HasMaxLength(UserSession.MaxUserAgent);
        e.HasIndex(s => s.UserId);
        e.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
