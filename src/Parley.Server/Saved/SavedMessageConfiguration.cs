using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parley.Server.Accounts;
using Parley.Server.Messages;

namespace Parley.Server.Saved;

public sealed class SavedMessageConfiguration : IEntityTypeConfiguration<SavedMessage>
{
    public void Configure(EntityTypeBuilder<SavedMessage> e)
    {
        e.ToTable("saved_messages");
        e.HasKey(x => new { x.UserId, x.MessageId });
        // The list's keyset: newest saved first, the message id breaking ties.
        e.HasIndex(x => new { x.UserId, x.SavedAt, x.MessageId });
        e.HasIndex(x => x.MessageId);
        e.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Message>().WithMany().HasForeignKey(x => x.MessageId).OnDelete(DeleteBehavior.Cascade);
    }
}
