using Microsoft.Extensions.Options;

namespace Parley.Server.Email;

/// <summary>Links in mail: on Parley:Email:PublicUrl, or else on the scheme and host of the request that caused the mail.</summary>
public sealed class MailLinks(IOptions<EmailOptions> options)
{
    public string To(HttpRequest request, string path, string token)
    {
        var root = options.Value.PublicUrl.Length > 0 ? options.Value.PublicUrl.TrimEnd('/') : $"{request.Scheme}://{request.Host}{request.PathBase}";
        return $"{root}{path}?token={Uri.EscapeDataString(token)}";
    }
}
