using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parley.Server.Rooms;

namespace Parley.Server.Sidebar;

public sealed class SidebarRoomConfiguration : IEntityTypeConfiguration<SidebarRoom>
{
    public void Configure(EntityTypeBuilder<SidebarRoom> e)
    {
        e.ToTable("sidebar_rooms");
        e.HasKey(x => new { x.UserId, x.RoomId });
        // From the membership: leaving, a kick, a ban or the room's deletion removes the placement with it.
        e.HasOne<RoomMember>().WithMany().HasForeignKey(x => new { x.RoomId, x.UserId }).OnDelete(DeleteBehavior.Cascade);
        // Deleting a section puts its rooms back in their defaults.
        e.HasOne<SidebarCategory>().WithMany().HasForeignKey(x => x.CategoryId).OnDelete(DeleteBehavior.Cascade);
    }
}
