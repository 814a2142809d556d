using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parley.Server.Accounts;

namespace Parley.Server.Calls;

public sealed class CallParticipantConfiguration : IEntityTypeConfiguration<CallParticipant>
{
    public void Configure(EntityTypeBuilder<CallParticipant> e)
    {
        e.ToTable("call_participants");
        e.HasKey(p => new { p.CallId, p.UserId });
        e.Property(p => p.ConnectionId).HasMaxLength(64);
        e.HasIndex(p => p.UserId);
        e.HasIndex(p => p.ConnectionId);
        e.HasIndex(p => p.ExpiresAt);
        e.HasOne<Call>().WithMany().HasForeignKey(p => p.CallId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<User>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
