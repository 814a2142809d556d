namespace Parley.Server.Administration;

public static class RegistrationModes
{
    public static string Wire(this RegistrationMode mode) => mode switch
    {
        RegistrationMode.InviteOnly => "invite",
        RegistrationMode.Closed => "closed",
        _ => "open",
    };

    public static RegistrationMode? Parse(string? wire) => wire switch
    {
        "open" => RegistrationMode.Open,
        "invite" => RegistrationMode.InviteOnly,
        "closed" => RegistrationMode.Closed,
        _ => null,
    };
}
