using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parley.Server.Accounts;
using Parley.Server.Data;

namespace Parley.Server.Rooms;

public sealed class RoomMemberConfiguration : IEntityTypeConfiguration<RoomMember>
{
    public void Configure(EntityTypeBuilder<RoomMember> e)
    {
        e.ToTable("room_members");
        e.HasKey(m => new { m.RoomId, m.UserId });
        e.Property(m => m.NotificationLevel).HasStoreDefault(NotificationLevel.Default);
        e.HasIndex(m => m.UserId);
        e.HasOne<Room>().WithMany().HasForeignKey(m => m.RoomId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<User>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
