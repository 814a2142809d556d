using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parley.Server.Data;

namespace Parley.Server.Moderation;

public sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> e)
    {
        e.ToTable("audit_log");
        e.Property(a => a.Id).ValueGeneratedOnAdd();
        e.Property(a => a.Action).HasMaxLength(40);
        e.Property(a => a.Reason).HasMaxLength(500).HasStoreDefault("");
        e.Property(a => a.Details).HasMaxLength(2000);
        // Read newest first, filtered by one of these (keyset on id).
        e.HasIndex(a => a.At);
        e.HasIndex(a => new { a.ActorId, a.Id });
        e.HasIndex(a => new { a.TargetUserId, a.Id });
        e.HasIndex(a => new { a.Action, a.Id });
    }
}
