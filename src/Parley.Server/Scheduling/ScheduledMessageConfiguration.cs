using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parley.Server.Accounts;
using Parley.Server.Rooms;

namespace Parley.Server.Scheduling;

public sealed class ScheduledMessageConfiguration : IEntityTypeConfiguration<ScheduledMessage>
{
    public void Configure(EntityTypeBuilder<ScheduledMessage> e)
    {
        e.ToTable("scheduled_messages");
        e.HasKey(s => s.Id);
        e.Property(s => s.FailureCode).HasMaxLength(64);
        e.Property(s => s.FailureReason).HasMaxLength(500);
        // The dispatcher: what is due (pending, by time) and what a dead node left claimed.
        e.HasIndex(s => new { s.State, s.SendAt });
        // A user's list and their pending count.
        e.HasIndex(s => new { s.UserId, s.SendAt });
        e.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Room>().WithMany().HasForeignKey(s => s.RoomId).OnDelete(DeleteBehavior.Cascade);
    }
}
