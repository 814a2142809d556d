using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parley.Server.Accounts;
using Parley.Server.Data;

namespace Parley.Server.Settings;

public sealed class UserSettingsConfiguration : IEntityTypeConfiguration<UserSettings>
{
    public void Configure(EntityTypeBuilder<UserSettings> e)
    {
        e.ToTable("user_settings");
        e.HasKey(x => x.UserId);
        e.Property(x => x.DndTimeZone).HasMaxLength(64);
        e.Property(x => x.SignInNotice).HasStoreDefault(true);
        e.HasOne<User>().WithOne().HasForeignKey<UserSettings>(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
