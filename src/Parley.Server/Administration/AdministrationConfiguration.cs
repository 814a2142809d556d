using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Parley.Server.Administration;

public sealed class ServerSettingsConfiguration : IEntityTypeConfiguration<ServerSettings>
{
    public void Configure(EntityTypeBuilder<ServerSettings> e)
    {
        e.ToTable("server_settings");
        e.Property(s => s.Id).ValueGeneratedNever();
        e.Property(s => s.Name).HasMaxLength(80);
    }
}

public sealed class InviteLinkConfiguration : IEntityTypeConfiguration<InviteLink>
{
    public void Configure(EntityTypeBuilder<InviteLink> e)
    {
        e.ToTable("invite_links");
        e.Property(l => l.TokenHash).HasMaxLength(64);
        e.HasIndex(l => l.TokenHash).IsUnique();
        e.HasIndex(l => l.CreatedAt);
    }
}
