using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Parley.Server.Accounts.TwoFactor;

/// <summary>
/// A user's authenticator secret, protected with the shared data-protection keys (never stored in clear). Whether it is
/// in force is the user's <c>two_factor_enabled</c> flag; until confirmed the secret is only pending.
/// </summary>
public sealed class TwoFactorSecret
{
    public Guid UserId { get; set; }
    /// <summary>The secret in force once enrolment was confirmed; null while only a pending one exists.</summary>
    public string? ProtectedSecret { get; set; }
    /// <summary>The secret of an enrolment begun and not yet confirmed (a second setup replaces it).</summary>
    public string? ProtectedPending { get; set; }
    /// <summary>The TOTP time step of the last code accepted: a code of this step or an earlier one is a replay.</summary>
    public long LastStep { get; set; }
}

/// <summary>One unused recovery code, kept only as its SHA-256 (the codes are random, so no salt or stretching is needed).</summary>
public sealed class RecoveryCode
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public string CodeHash { get; set; } = "";
}

public sealed class TwoFactorSecretConfiguration : IEntityTypeConfiguration<TwoFactorSecret>
{
    public void Configure(EntityTypeBuilder<TwoFactorSecret> e)
    {
        e.ToTable("two_factor_secrets");
        e.HasKey(s => s.UserId);
        e.Property(s => s.UserId).ValueGeneratedNever();
        e.Property(s => s.ProtectedSecret).HasMaxLength(1000);
        e.Property(s => s.ProtectedPending).HasMaxLength(1000);
        e.HasOne<User>().WithOne().HasForeignKey<TwoFactorSecret>(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class RecoveryCodeConfiguration : IEntityTypeConfiguration<RecoveryCode>
{
    public void Configure(EntityTypeBuilder<RecoveryCode> e)
    {
        e.ToTable("recovery_codes");
        e.Property(c => c.Id).ValueGeneratedNever();
        e.Property(c => c.CodeHash).HasMaxLength(64);
        e.HasIndex(c => new { c.UserId, c.CodeHash }).IsUnique();
        e.HasOne<User>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
