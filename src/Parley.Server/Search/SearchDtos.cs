using Parley.Server.Accounts;
using Parley.Server.Files;
using Parley.Server.Messages;

namespace Parley.Server.Search;

/// <summary>A conversation as a result names it: for DMs, the other people's names.</summary>
public sealed record SearchRoom(Guid Id, string Name, string Kind);

/// <summary>score: relevance sort only. snippet: HTML-escaped text where only &lt;mark&gt; is markup.</summary>
public sealed record MessageResult(MessageDto Message, SearchRoom Room, string Snippet, double? Score);
public sealed record MessageResults(IReadOnlyList<MessageResult> Items, string? NextBefore);

public sealed record FileResult(FileDto File, MessageDto? Message, SearchRoom Room);
public sealed record FileResults(IReadOnlyList<FileResult> Items, string? NextBefore);

/// <summary>A user, and whether they share a conversation with the one searching.</summary>
public sealed record PersonResult(Guid Id, string UserName, string DisplayName, string StatusText, string Bio, string TimeZone, string? AvatarUrl,
    DateTime? StatusExpiresAt, bool SharesRoom)
{
    public static PersonResult From(User u, bool sharesRoom)
    {
        var d = UserDto.From(u);
        return new(d.Id, d.UserName, d.DisplayName, d.StatusText, d.Bio, d.TimeZone, d.AvatarUrl, d.StatusExpiresAt, sharesRoom);
    }
}
public sealed record PeopleResults(IReadOnlyList<PersonResult> Items);
