using Fido2NetLib;
using Microsoft.Extensions.Options;
using Parley.Server.Administration;

namespace Parley.Server.Accounts.Passkeys;

/// <summary>
/// Who the browser is talking to, for a request: the configured relying party id, origins and name, or else the
/// request's own host, origin and the server's name. Per request, so one server reached as localhost and by its
/// name works for each (a passkey belongs to the name it was made on).
/// </summary>
public sealed class PasskeyRelyingParty(IOptions<PasskeyOptions> options, ServerSettingsStore settings)
{
    public async Task<IFido2> ForAsync(HttpRequest request, CancellationToken ct)
    {
        var o = options.Value;
        var origins = o.Origins.Length > 0
            ? o.Origins.Select(x => x.TrimEnd('/')).ToHashSet(StringComparer.OrdinalIgnoreCase)
            : new HashSet<string>(StringComparer.OrdinalIgnoreCase) { $"{request.Scheme}://{request.Host.Value}" };
        var config = new Fido2Configuration
        {
            RPID = string.IsNullOrWhiteSpace(o.RelyingPartyId) ? request.Host.Host : o.RelyingPartyId,
            RPName = string.IsNullOrWhiteSpace(o.RelyingPartyName) ? (await settings.GetAsync(ct)).Name : o.RelyingPartyName,
            Origins = origins,
            Timeout = (uint)PasskeyCeremonyTokens.Lifetime.TotalMilliseconds,
        };
        return new Fido2(config, metadataService: null);
    }
}
