using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Parley.Server.Accounts;

public sealed class RevokedSessionConfiguration : IEntityTypeConfiguration<RevokedSession>
{
    public void Configure(EntityTypeBuilder<RevokedSession> e)
    {
        e.ToTable("revoked_sessions");
        e.HasKey(r => r.SessionId);
        e.Property(r => r.SessionId).HasMaxLength(64);
        e.HasIndex(r => r.ExpiresAt);
    }
}
