using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parley.Server.Data;
using Parley.Server.Files;

namespace Parley.Server.Rooms;

public sealed class RoomConfiguration : IEntityTypeConfiguration<Room>
{
    public void Configure(EntityTypeBuilder<Room> e)
    {
        e.ToTable("rooms");
        e.Property(r => r.Name).HasMaxLength(80);
        e.Property(r => r.NameKey).HasMaxLength(80);
        e.Property(r => r.Topic).HasMaxLength(250);
        e.Property(r => r.DmKey).HasMaxLength(400);
        e.Property(r => r.WildcardMentions).HasStoreDefault(WildcardPolicy.Owners);
        e.Property(r => r.ReadOnly).HasStoreDefault(false);
        e.Property(r => r.SlowModeSeconds).HasStoreDefault(0);
        e.Property(r => r.InvitePolicy).HasStoreDefault(InvitePolicy.Members);
        e.Property(r => r.MembersMayPin).HasStoreDefault(false);
        e.HasIndex(r => r.NameKey).IsUnique();
        e.HasIndex(r => r.DmKey).IsUnique();
        e.HasIndex(r => new { r.Kind, r.NameKey });
        e.HasOne<StoredFile>().WithMany().HasForeignKey(r => r.IconFileId).OnDelete(DeleteBehavior.SetNull);
    }
}
