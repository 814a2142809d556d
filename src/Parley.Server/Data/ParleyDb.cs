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

/// <summary>
/// The store. No repository layer over it: services query it directly. Open for <see cref="SqliteParleyDb"/> and
/// <see cref="PostgresParleyDb"/> only, the same model under the names its two migration sets belong to.
/// </summary>
public class ParleyDb(DbContextOptions options) : IdentityUserContext<User, Guid>(options)
{
    public DbSet<Room> Rooms => Set<Room>();
    public DbSet<RoomMember> RoomMembers => Set<RoomMember>();
    public DbSet<Message> Messages => Set<Message>();
    public DbSet<Reaction> Reactions => Set<Reaction>();
    public DbSet<RevokedSession> RevokedSessions => Set<RevokedSession>();
    public DbSet<UserSession> UserSessions => Set<UserSession>();
    public DbSet<StoredFile> Files => Set<StoredFile>();
    public DbSet<FileBlob> FileBlobs => Set<FileBlob>();
    public DbSet<PushSubscription> PushSubscriptions => Set<PushSubscription>();
    public DbSet<ServerSecret> ServerSecrets => Set<ServerSecret>();
    public DbSet<Friendship> Friendships => Set<Friendship>();
    public DbSet<Block> Blocks => Set<Block>();
    public DbSet<Settings.UserSettings> UserSettings => Set<Settings.UserSettings>();
    public DbSet<Mention> Mentions => Set<Mention>();
    public DbSet<Moderation.RoomSanction> RoomSanctions => Set<Moderation.RoomSanction>();
    public DbSet<Moderation.Report> Reports => Set<Moderation.Report>();
    public DbSet<Moderation.AuditEntry> AuditLog => Set<Moderation.AuditEntry>();
    public DbSet<Administration.ServerSettings> ServerSettings => Set<Administration.ServerSettings>();
    public DbSet<Administration.InviteLink> InviteLinks => Set<Administration.InviteLink>();
    public DbSet<Calls.Call> Calls => Set<Calls.Call>();
    public DbSet<Calls.CallParticipant> CallParticipants => Set<Calls.CallParticipant>();
    public DbSet<Previews.LinkPreview> LinkPreviews => Set<Previews.LinkPreview>();
    public DbSet<Previews.LinkPreviewImage> LinkPreviewImages => Set<Previews.LinkPreviewImage>();
    public DbSet<Previews.MessagePreview> MessagePreviews => Set<Previews.MessagePreview>();
    public DbSet<Threads.ThreadFollow> ThreadFollows => Set<Threads.ThreadFollow>();
    public DbSet<CustomEmoji.CustomEmoji> CustomEmoji => Set<CustomEmoji.CustomEmoji>();
    public DbSet<Accounts.Passkeys.Passkey> Passkeys => Set<Accounts.Passkeys.Passkey>();
    public DbSet<Accounts.TwoFactor.TwoFactorSecret> TwoFactorSecrets => Set<Accounts.TwoFactor.TwoFactorSecret>();
    public DbSet<Accounts.TwoFactor.RecoveryCode> RecoveryCodes => Set<Accounts.TwoFactor.RecoveryCode>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        // Each entity's table, keys and indexes sit beside it in its feature folder (XxxConfiguration.cs).
        b.ApplyConfigurationsFromAssembly(typeof(ParleyDb).Assembly);
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
