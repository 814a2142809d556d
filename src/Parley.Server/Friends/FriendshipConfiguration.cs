using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parley.Server.Accounts;

namespace Parley.Server.Friends;

public sealed class FriendshipConfiguration : IEntityTypeConfiguration<Friendship>
{
    public void Configure(EntityTypeBuilder<Friendship> e)
    {
        e.ToTable("friendships");
        e.HasKey(x => new { x.LowId, x.HighId });
        e.HasIndex(x => x.HighId);
        e.HasOne<User>().WithMany().HasForeignKey(x => x.LowId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<User>().WithMany().HasForeignKey(x => x.HighId).OnDelete(DeleteBehavior.Cascade);
    }
}
