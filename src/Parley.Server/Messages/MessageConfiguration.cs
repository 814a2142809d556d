using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parley.Server.Accounts;
using Parley.Server.Data;
using Parley.Server.Rooms;

namespace Parley.Server.Messages;

public sealed class MessageConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> e)
    {
        e.ToTable("messages");
        e.Property(m => m.ClientMessageId).HasMaxLength(64);
        e.Property(m => m.MentionIds).HasMaxLength(2000);
        e.Property(m => m.Wildcard).HasStoreDefault(Wildcard.None);
        e.Property(m => m.HasReactions).HasStoreDefault(false);
        e.Property(m => m.HasFiles).HasStoreDefault(false);
        e.Property(m => m.HasPreviews).HasStoreDefault(false);
        e.Property(m => m.PreviewsRemoved).HasStoreDefault(false);
        e.Property(m => m.HasPoll).HasStoreDefault(false);
        e.Property(m => m.AlsoToRoom).HasStoreDefault(false);
        e.Property(m => m.ThreadReplyCount).HasStoreDefault(0);
        e.Property(m => m.ThreadParticipants).HasMaxLength(200);
        e.HasIndex(m => new { m.RoomId, m.Seq }).IsUnique();
        // A thread's page and its summary: its replies in seq order. Replies only: every other message would sit in the
        // NULL part, among other rooms' seqs, and cost each store a page written (SQLite, docs/benchmarks.md).
        e.HasIndex(m => new { m.ThreadRootId, m.Seq }).HasFilter("thread_root_id IS NOT NULL");
        e.HasIndex(m => new { m.RoomId, m.Rev }).IsUnique();
        e.HasIndex(m => new { m.SenderId, m.ClientMessageId }).IsUnique();
        // The pinned list of a room, newest pin first; only pinned rows are in it.
        e.HasIndex(m => new { m.RoomId, m.PinnedAt }).HasFilter("pinned_at IS NOT NULL");
        // A room's messages in time order: jump to date (the first message at or after a time), and PostgreSQL search's
        // walk of the reader's rooms newest first (PostgresMessageSearch).
        e.HasIndex(m => new { m.RoomId, m.CreatedAt, m.Id }).IsDescending(false, true, true).HasDatabaseName("ix_messages_room_id_created_at");
        e.HasOne<Room>().WithMany().HasForeignKey(m => m.RoomId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<User>().WithMany().HasForeignKey(m => m.SenderId).OnDelete(DeleteBehavior.Restrict);
    }
}
