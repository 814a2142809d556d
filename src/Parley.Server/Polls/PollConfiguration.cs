using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parley.Server.Accounts;
using Parley.Server.Messages;

namespace Parley.Server.Polls;

public sealed class PollConfiguration : IEntityTypeConfiguration<Poll>
{
    public void Configure(EntityTypeBuilder<Poll> e)
    {
        e.ToTable("polls");
        e.HasKey(p => p.MessageId);
        // The sweeper's question, every second: open polls whose close time has come. Only those rows are in it.
        e.HasIndex(p => p.ClosesAt).HasFilter("closed_at IS NULL AND closes_at IS NOT NULL");
        e.HasOne<Message>().WithOne().HasForeignKey<Poll>(p => p.MessageId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class PollOptionConfiguration : IEntityTypeConfiguration<PollOption>
{
    public void Configure(EntityTypeBuilder<PollOption> e)
    {
        e.ToTable("poll_options");
        e.Property(o => o.Text).HasMaxLength(PollDraft.MaxOptionLength);
        e.HasIndex(o => new { o.MessageId, o.Position }).IsUnique();
        e.HasOne<Poll>().WithMany().HasForeignKey(o => o.MessageId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class PollVoteConfiguration : IEntityTypeConfiguration<PollVote>
{
    public void Configure(EntityTypeBuilder<PollVote> e)
    {
        e.ToTable("poll_votes");
        // A poll's votes (its results, one voter's choice) are found by the key's first column.
        e.HasKey(v => new { v.MessageId, v.OptionId, v.UserId });
        e.HasOne<Poll>().WithMany().HasForeignKey(v => v.MessageId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<PollOption>().WithMany().HasForeignKey(v => v.OptionId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<User>().WithMany().HasForeignKey(v => v.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
