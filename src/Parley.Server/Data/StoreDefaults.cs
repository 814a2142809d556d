using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Parley.Server.Data;

public static class StoreDefaults
{
    /// <summary>
    /// A DEFAULT on the column, for the rows that existed before it was added, while EF still writes every value
    /// itself (no sentinel values skipped, nothing read back after an insert).
    /// </summary>
    public static PropertyBuilder<T> HasStoreDefault<T>(this PropertyBuilder<T> property, T value) =>
        property.HasDefaultValue(value).ValueGeneratedNever();
}
