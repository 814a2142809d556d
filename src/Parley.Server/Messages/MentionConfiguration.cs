using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parley.Server.Accounts;

namespace Parley.Server.Messages;

public sealed class MentionConfiguration : IEntityTypeConfiguration<Mention>
{
    public void Configure(EntityTypeBuilder<Mention> e)
    {
        e.ToTable("mentions");
        e.HasKey(x => new { x.UserId, x.MessageId });
        e.HasIndex(x => new { x.UserId, x.RoomId, x.Seq });
        e.HasIndex(x => new { x.UserId, x.CreatedAt });
        e.HasIndex(x => x.MessageId);
        e.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Message>().WithMany().HasForeignKey(x => x.MessageId).OnDelete(DeleteBehavior.Cascade);
    }
}
