using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Server.Accounts;

namespace Parley.Server.Search;

/// <summary>GET /api/search (messages), /api/search/files and /api/search/people: only what the caller may read.</summary>
public static class SearchApi
{
    public static void MapSearch(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/search").WithTags("Search").RequireAuthorization();
        g.MapGet("", Messages).WithName("SearchMessages")
            .WithSummary("Messages matching q (words, \"phrases\", -excluded, prefix*, from:, in:, before:, after:, on:, has:, is:mention), newest first or by relevance.");
        g.MapGet("/files", Files).WithName("SearchFiles").WithSummary("Files posted in conversations you can read, by name and type, with the same operators.");
        g.MapGet("/people", People).WithName("SearchPeople").WithSummary("People by name, those sharing a conversation with you first.");
    }

    private static async Task<Ok<MessageResults>> Messages(string? q, string? sort, string? before, int? limit, HttpContext http, SearchService search, CancellationToken ct) =>
        TypedResults.Ok(await search.MessagesAsync(http.User.UserId(), q, sort, before, limit, ct));

    private static async Task<Ok<FileResults>> Files(string? q, string? before, int? limit, HttpContext http, SearchService search, CancellationToken ct) =>
        TypedResults.Ok(await search.FilesAsync(http.User.UserId(), q, before, limit, ct));

    private static async Task<Ok<PeopleResults>> People(string? q, int? limit, HttpContext http, SearchService search, CancellationToken ct) =>
        TypedResults.Ok(await search.PeopleAsync(http.User.UserId(), q, limit, ct));
}
