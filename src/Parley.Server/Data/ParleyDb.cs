using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Parley.Server.Accounts;
using Parley.Server.Files;
using Parley.Server.Friends;
using Parley.Server.Notifications;
using Parley.Server.Messages;
using Parley.Server.Rooms;

namespace Parley.Server.Data;

/// <summary>The store. No repository layer over it: services query it directly.</summary>
public sealed class ParleyDb(DbContextOptions<ParleyDb> options) : IdentityUserContext<User, Guid>(options)
{
    public DbSet<Room> Rooms => Set<Room>();
    public DbSet<RoomMember> RoomMembers => Set<RoomMember>();
    public DbSet<Message> Messages => Set<Message>();
    public DbSet<Reaction> Reactions => Set<Reaction>();
    public DbSet<RevokedSession> RevokedSessions => Set<RevokedSession>();
    public DbSet<StoredFile> Files => Set<StoredFile>();
    public DbSet<FileBlob> FileBlobs => Set<FileBlob>();
    public DbSet<PushSubscription> PushSubscriptions => Set<PushSubscription>();
    public DbSet<ServerSecret> ServerSecrets => Set<ServerSecret>();
    public DbSet<Friendship> Friendships => Set<Friendship>();
    public DbSet<Block> Blocks => Set<Block>();
    public DbSet<Settings.UserSettings> UserSettings => Set<Settings.UserSettings>();
    public DbSet<Mention> Mentions => Set<Mention>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);

        b.Entity<User>(e =>
        {
            e.ToTable("users");
            e.Property(u => u.DisplayName).HasMaxLength(64);
            e.Property(u => u.StatusText).HasMaxLength(140);
            e.Property(u => u.Bio).HasMaxLength(500);
            e.Property(u => u.TimeZone).HasMaxLength(64);
            e.Property(u => u.PresenceChoice).HasMaxLength(8);
            e.HasIndex(u => u.StatusExpiresAt);
            e.HasOne<StoredFile>().WithMany().HasForeignKey(u => u.AvatarFileId).OnDelete(DeleteBehavior.SetNull);
        });
        b.Entity<IdentityUserClaim<Guid>>().ToTable("user_claims");
        b.Entity<IdentityUserLogin<Guid>>().ToTable("user_logins");
        b.Entity<IdentityUserToken<Guid>>().ToTable("user_tokens");

        b.Entity<Room>(e =>
        {
            e.ToTable("rooms");
            e.Property(r => r.Name).HasMaxLength(80);
            e.Property(r => r.NameKey).HasMaxLength(80);
            e.Property(r => r.Topic).HasMaxLength(250);
            e.Property(r => r.DmKey).HasMaxLength(400);
            e.HasIndex(r => r.NameKey).IsUnique();
            e.HasIndex(r => r.DmKey).IsUnique();
            e.HasIndex(r => new { r.Kind, r.NameKey });
            e.HasOne<StoredFile>().WithMany().HasForeignKey(r => r.IconFileId).OnDelete(DeleteBehavior.SetNull);
        });

        b.Entity<RoomMember>(e =>
        {
            e.ToTable("room_members");
            e.HasKey(m => new { m.RoomId, m.UserId });
            e.HasIndex(m => m.UserId);
            e.HasOne<Room>().WithMany().HasForeignKey(m => m.RoomId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<User>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<Message>(e =>
        {
            e.ToTable("messages");
            e.Property(m => m.ClientMessageId).HasMaxLength(64);
            e.Property(m => m.MentionIds).HasMaxLength(2000);
            e.HasIndex(m => new { m.RoomId, m.Seq }).IsUnique();
            e.HasIndex(m => new { m.RoomId, m.Rev }).IsUnique();
            e.HasIndex(m => new { m.SenderId, m.ClientMessageId }).IsUnique();
            e.HasOne<Room>().WithMany().HasForeignKey(m => m.RoomId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<User>().WithMany().HasForeignKey(m => m.SenderId).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<Reaction>(e =>
        {
            e.ToTable("reactions");
            e.HasKey(r => new { r.MessageId, r.UserId, r.Emoji });
            e.Property(r => r.Emoji).HasMaxLength(64);
            e.HasOne<Message>().WithMany().HasForeignKey(r => r.MessageId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<User>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<StoredFile>(e =>
        {
            e.ToTable("files");
            e.Property(f => f.Name).HasMaxLength(255);
            e.Property(f => f.ContentType).HasMaxLength(100);
            e.Property(f => f.Sha256).HasMaxLength(64);
            e.Property(f => f.ThumbnailSha256).HasMaxLength(64);
            e.Property(f => f.ThumbnailContentType).HasMaxLength(100);
            e.HasIndex(f => f.MessageId);
            e.HasIndex(f => new { f.UploaderId, f.CreatedAt });
            e.HasIndex(f => f.Sha256);
            e.HasIndex(f => f.ThumbnailSha256);
            e.HasOne<User>().WithMany().HasForeignKey(f => f.UploaderId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Message>().WithMany().HasForeignKey(f => f.MessageId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Room>().WithMany().HasForeignKey(f => f.RoomId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<FileBlob>().WithMany().HasForeignKey(f => f.Sha256).OnDelete(DeleteBehavior.Restrict);
        });

        b.Entity<FileBlob>(e =>
        {
            e.ToTable("file_blobs");
            e.HasKey(x => x.Sha256);
            e.Property(x => x.Sha256).HasMaxLength(64);
            e.HasIndex(x => x.TouchedAt);
        });

        b.Entity<PushSubscription>(e =>
        {
            e.ToTable("push_subscriptions");
            e.Property(x => x.Endpoint).HasMaxLength(2048);
            e.Property(x => x.P256dh).HasMaxLength(200);
            e.Property(x => x.Auth).HasMaxLength(200);
            e.HasIndex(x => x.Endpoint).IsUnique();
            e.HasIndex(x => new { x.UserId, x.CreatedAt });
            e.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<Friendship>(e =>
        {
            e.ToTable("friendships");
            e.HasKey(x => new { x.LowId, x.HighId });
            e.HasIndex(x => x.HighId);
            e.HasOne<User>().WithMany().HasForeignKey(x => x.LowId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<User>().WithMany().HasForeignKey(x => x.HighId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<Block>(e =>
        {
            e.ToTable("blocks");
            e.HasKey(x => new { x.BlockerId, x.BlockedId });
            e.HasIndex(x => x.BlockedId);
            e.HasOne<User>().WithMany().HasForeignKey(x => x.BlockerId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<User>().WithMany().HasForeignKey(x => x.BlockedId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<Settings.UserSettings>(e =>
        {
            e.ToTable("user_settings");
            e.HasKey(x => x.UserId);
            e.Property(x => x.DndTimeZone).HasMaxLength(64);
            e.HasOne<User>().WithOne().HasForeignKey<Settings.UserSettings>(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<Mention>(e =>
        {
            e.ToTable("mentions");
            e.HasKey(x => new { x.UserId, x.MessageId });
            e.HasIndex(x => new { x.UserId, x.RoomId, x.Seq });
            e.HasIndex(x => new { x.UserId, x.CreatedAt });
            e.HasIndex(x => x.MessageId);
            e.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Message>().WithMany().HasForeignKey(x => x.MessageId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<ServerSecret>(e =>
        {
            e.ToTable("server_secrets");
            e.HasKey(x => x.Name);
            e.Property(x => x.Name).HasMaxLength(100);
        });

        b.Entity<RevokedSession>(e =>
        {
            e.ToTable("revoked_sessions");
            e.HasKey(r => r.SessionId);
            e.Property(r => r.SessionId).HasMaxLength(64);
            e.HasIndex(r => r.ExpiresAt);
        });

        b.Entity<DataProtectionKey>(e =>
        {
            e.ToTable("data_protection_keys");
            e.Property(k => k.FriendlyName).HasMaxLength(200);
        });

        SnakeCaseNames.Apply(b);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder c)
    {
        // Every time is UTC; SQLite hands values back unspecified, so mark them on the way out.
        c.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        c.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
