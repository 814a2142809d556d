using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Parley.Server.Messages;

public sealed class MessageVersionConfiguration : IEntityTypeConfiguration<MessageVersion>
{
    public void Configure(EntityTypeBuilder<MessageVersion> e)
    {
        e.ToTable("message_versions");
        e.HasKey(x => new { x.MessageId, x.Version });
        e.HasOne<Message>().WithMany().HasForeignKey(x => x.MessageId).OnDelete(DeleteBehavior.Cascade);
    }
}
