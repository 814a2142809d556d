using System.Text.RegularExpressions;

namespace Parley.Server.Accounts.SingleSignOn;

/// <summary>Parley:Auth:Sso: the OpenID providers people may sign in with, and whether passwords are off for all but the owner.</summary>
public sealed class SsoOptions
{
    /// <summary>Password sign-in and sign-up refused (403 sso_only), except the owner's password sign-in (break-glass).</summary>
    public bool Only { get; set; }
    public Dictionary<string, SsoProviderOptions> Providers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>What is wrong with the configuration, one sentence per problem; empty when it can be used.</summary>
    public List<string> Problems()
    {
        var problems = new List<string>();
        foreach (var (name, p) in Providers)
        {
            var at = $"Parley:Auth:Sso:Providers:{name}";
            if (!SsoProviderOptions.NamePattern().IsMatch(name))
                problems.Add($"{at}: the provider's name must be 1 to 32 lower-case letters, digits or '-' (it appears in URLs).");
            if (!Uri.TryCreate(p.Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
                problems.Add($"{at}:Authority must be the provider's issuer URL, such as https://login.example.com/realms/staff.");
            else if (authority.Scheme == "http" && p.RequireHttpsMetadata)
                problems.Add($"{at}:Authority uses http: use https, or set RequireHttpsMetadata to false (only for a provider on loopback in tests).");
            if (string.IsNullOrWhiteSpace(p.ClientId)) problems.Add($"{at}:ClientId is required (the client id the provider gave Parley).");
            if (string.IsNullOrWhiteSpace(p.UserNameClaim)) problems.Add($"{at}:UserNameClaim must name a claim (default preferred_username).");
            if (!p.ScopeList.Contains("openid")) problems.Add($"{at}:Scopes must include openid.");
        }
        if (Only && Providers.Count == 0) problems.Add("Parley:Auth:Sso:Only is true but no provider is configured under Parley:Auth:Sso:Providers.");
        return problems;
    }
}

public sealed partial class SsoProviderOptions
{
    public string? DisplayName { get; set; }
    /// <summary>The issuer: its /.well-known/openid-configuration is read from here.</summary>
    public string Authority { get; set; } = "";
    public string ClientId { get; set; } = "";
    public string? ClientSecret { get; set; }
    public string Scopes { get; set; } = "openid profile email";
    public string UserNameClaim { get; set; } = "preferred_username";
    public string DisplayNameClaim { get; set; } = "name";
    public string EmailClaim { get; set; } = "email";
    public string GroupsClaim { get; set; } = "groups";
    /// <summary>Members of any of these groups are admins; checked at each SSO sign-in when this or ModeratorGroups is set.</summary>
    public string[] AdminGroups { get; set; } = [];
    public string[] ModeratorGroups { get; set; } = [];
    public bool RequireHttpsMetadata { get; set; } = true;

    public string[] ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    public bool MapsRoles => AdminGroups.Length > 0 || ModeratorGroups.Length > 0;

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,31}$")]
    public static partial Regex NamePattern();
}

/// <summary>A provider as the sign-in screen shows it.</summary>
public sealed record SsoProviderDto(string Name, string DisplayName);

/// <summary>A provider and whether the signed-in user's account is linked to it.</summary>
public sealed record SsoLinkDto(string Name, string DisplayName, bool Linked);
