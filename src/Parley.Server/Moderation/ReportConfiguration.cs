using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parley.Server.Data;

namespace Parley.Server.Moderation;

public sealed class ReportConfiguration : IEntityTypeConfiguration<Report>
{
    public void Configure(EntityTypeBuilder<Report> e)
    {
        e.ToTable("reports");
        e.Property(r => r.Reason).HasMaxLength(500);
        e.Property(r => r.Note).HasMaxLength(500).HasStoreDefault("");
        e.Property(r => r.MessageText).HasStoreDefault("");
        // One report per person and message: a repeat is answered with the first.
        e.HasIndex(r => new { r.MessageId, r.ReporterId }).IsUnique();
        e.HasIndex(r => new { r.State, r.CreatedAt });
        // No foreign keys: a report outlives the message or room it names, for the record.
    }
}
