namespace Parley.Server.Moderation;

/// <summary>
/// A person's role on the whole server (<see cref="PermissionTable"/> says what each may do). The first account on a
/// fresh server is its owner; everyone else starts as a member. The stored numbers are not the ranking: see
/// <see cref="ServerRoles.Rank"/>.
/// </summary>
public enum ServerRole
{
    Member = 0,
    Guest = 1,
    Moderator = 2,
    Admin = 3,
    Owner = 4,
}

public static class ServerRoles
{
    public static string Wire(this ServerRole role) => role switch
    {
        ServerRole.Guest => "guest",
        ServerRole.Moderator => "moderator",
        ServerRole.Admin => "admin",
        ServerRole.Owner => "owner",
        _ => "member",
    };

    public static ServerRole? Parse(string? wire) => wire switch
    {
        "guest" => ServerRole.Guest,
        "member" => ServerRole.Member,
        "moderator" => ServerRole.Moderator,
        "admin" => ServerRole.Admin,
        "owner" => ServerRole.Owner,
        _ => null,
    };

    /// <summary>Guest 0, member 1, moderator 2, admin 3, owner 4.</summary>
    public static int Rank(this ServerRole role) => role switch
    {
        ServerRole.Guest => 0,
        ServerRole.Member => 1,
        ServerRole.Moderator => 2,
        ServerRole.Admin => 3,
        ServerRole.Owner => 4,
        _ => 0,
    };
}
