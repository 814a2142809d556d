using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parley.Server.Accounts;
using Parley.Server.Rooms;

namespace Parley.Server.Calls;

public sealed class CallConfiguration : IEntityTypeConfiguration<Call>
{
    public void Configure(EntityTypeBuilder<Call> e)
    {
        e.ToTable("calls");
        e.HasKey(c => c.Id);
        // One live call per room, whichever node starts it: a second start at the same moment breaks this and joins.
        e.HasIndex(c => c.RoomId).IsUnique().HasFilter("ended_at IS NULL").HasDatabaseName("ix_calls_live_room");
        e.HasIndex(c => new { c.RoomId, c.StartedAt });
        e.HasOne<Room>().WithMany().HasForeignKey(c => c.RoomId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<User>().WithMany().HasForeignKey(c => c.StartedById).OnDelete(DeleteBehavior.Cascade);
    }
}
