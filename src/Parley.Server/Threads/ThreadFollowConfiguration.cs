using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parley.Server.Accounts;
using Parley.Server.Data;
using Parley.Server.Messages;

namespace Parley.Server.Threads;

public sealed class ThreadFollowConfiguration : IEntityTypeConfiguration<ThreadFollow>
{
    public void Configure(EntityTypeBuilder<ThreadFollow> e)
    {
        e.ToTable("thread_follows");
        e.HasKey(x => new { x.UserId, x.RootId });
        e.Property(x => x.LastReadSeq).HasStoreDefault(0L);
        e.HasIndex(x => x.RootId);
        e.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Message>().WithMany().HasForeignKey(x => x.RootId).OnDelete(DeleteBehavior.Cascade);
    }
}
