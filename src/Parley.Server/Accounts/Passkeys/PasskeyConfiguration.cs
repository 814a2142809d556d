using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Parley.Server.Accounts.Passkeys;

public sealed class PasskeyConfiguration : IEntityTypeConfiguration<Passkey>
{
    public void Configure(EntityTypeBuilder<Passkey> e)
    {
        e.ToTable("passkeys");
        e.Property(p => p.CredentialId).HasMaxLength(Passkey.MaxCredentialId);
        e.Property(p => p.Name).HasMaxLength(Passkey.MaxName);
        e.Property(p => p.Transports).HasMaxLength(100);
        e.HasIndex(p => p.CredentialId).IsUnique();
        e.HasIndex(p => p.UserId);
        e.HasOne<User>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
