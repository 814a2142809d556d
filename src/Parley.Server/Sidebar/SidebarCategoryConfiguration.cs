using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parley.Server.Accounts;

namespace Parley.Server.Sidebar;

public sealed class SidebarCategoryConfiguration : IEntityTypeConfiguration<SidebarCategory>
{
    public void Configure(EntityTypeBuilder<SidebarCategory> e)
    {
        e.ToTable("sidebar_categories");
        e.HasKey(x => x.Id);
        e.Property(x => x.Name).HasMaxLength(SidebarService.MaxName);
        e.HasIndex(x => new { x.UserId, x.Position });
        // One of each built-in per user: two tabs reading a new user's layout at once make them once.
        e.HasIndex(x => new { x.UserId, x.Kind }).IsUnique().HasFilter("kind <> 3").HasDatabaseName("ix_sidebar_categories_built_in");
        e.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
