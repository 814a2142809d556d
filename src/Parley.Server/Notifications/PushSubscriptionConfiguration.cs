using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parley.Server.Accounts;

namespace Parley.Server.Notifications;

public sealed class PushSubscriptionConfiguration : IEntityTypeConfiguration<PushSubscription>
{
    public void Configure(EntityTypeBuilder<PushSubscription> e)
    {
        e.ToTable("push_subscriptions");
        e.Property(x => x.Endpoint).HasMaxLength(2048);
        e.Property(x => x.P256dh).HasMaxLength(200);
        e.Property(x => x.Auth).HasMaxLength(200);
        e.HasIndex(x => x.Endpoint).IsUnique();
        e.HasIndex(x => new { x.UserId, x.CreatedAt });
        e.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
