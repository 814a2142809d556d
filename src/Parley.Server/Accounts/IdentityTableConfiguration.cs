using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Parley.Server.Accounts;

/// <summary>The tables Identity brings beside users, named like ours.</summary>
public sealed class IdentityTableConfiguration :
    IEntityTypeConfiguration<IdentityUserClaim<Guid>>, IEntityTypeConfiguration<IdentityUserLogin<Guid>>, IEntityTypeConfiguration<IdentityUserToken<Guid>>
{
    public void Configure(EntityTypeBuilder<IdentityUserClaim<Guid>> e) => e.ToTable("user_claims");
    public void Configure(EntityTypeBuilder<IdentityUserLogin<Guid>> e) => e.ToTable("user_logins");
    public void Configure(EntityTypeBuilder<IdentityUserToken<Guid>> e) => e.ToTable("user_tokens");
}
