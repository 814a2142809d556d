using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parley.Server.Accounts;
using Parley.Server.Rooms;

namespace Parley.Server.Moderation;

public sealed class RoomSanctionConfiguration : IEntityTypeConfiguration<RoomSanction>
{
    public void Configure(EntityTypeBuilder<RoomSanction> e)
    {
        e.ToTable("room_sanctions");
        e.HasKey(s => new { s.RoomId, s.UserId, s.Kind });
        e.Property(s => s.Reason).HasMaxLength(500);
        e.HasIndex(s => s.UserId);
        e.HasIndex(s => s.ExpiresAt);
        e.HasOne<Room>().WithMany().HasForeignKey(s => s.RoomId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
