using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Server.Accounts;
using Parley.Server.Infrastructure;

namespace Parley.Server.Moderation;

/// <summary>Reporting a message (anyone who can read it) and the moderators' queue, over <see cref="ReportService"/>.</summary>
public static class ReportsApi
{
    public static void MapReports(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/messages/{id:guid}/report", File).WithTags("Moderation").RequireAuthorization().AddEndpointFilter<ReportRateLimit>()
            .WithName("ReportMessage").WithSummary("Report a message to the server's moderators; a repeat returns the first report.");

        var queue = app.MapGroup("/api/moderation/reports").WithTags("Moderation").RequireAuthorization();
        queue.MapGet("/", List).WithName("ListReports").WithSummary("The moderation queue (ReviewReports): ?state=open|resolved|dismissed, newest first, ?before=nextBefore.");
        queue.MapPost("/{id:guid}/resolve", Resolve).WithName("ResolveReport");
        queue.MapPost("/{id:guid}/dismiss", Dismiss).WithName("DismissReport");
    }

    private static async Task<Results<Created<ReportReceipt>, Ok<ReportReceipt>>> File(Guid id, ReportMessageRequest req, HttpContext http, ReportService reports,
        CancellationToken ct)
    {
        var (receipt, created) = await reports.FileAsync(http.User.UserId(), id, req, ct);
        return created ? TypedResults.Created($"/api/moderation/reports/{receipt.Id}", receipt) : TypedResults.Ok(receipt);
    }

    private static async Task<Ok<ReportsPage>> List(string? state, string? before, int? limit, HttpContext http, ReportService reports, CancellationToken ct) =>
        TypedResults.Ok(await reports.ListAsync(http.User.UserId(), state, before, limit, ct));

    private static async Task<Ok<ReportDto>> Resolve(Guid id, HandleReportRequest? req, HttpContext http, ReportService reports, CancellationToken ct) =>
        TypedResults.Ok(await reports.HandleAsync(http.User.UserId(), id, ReportState.Resolved, req, ct));

    private static async Task<Ok<ReportDto>> Dismiss(Guid id, HandleReportRequest? req, HttpContext http, ReportService reports, CancellationToken ct) =>
        TypedResults.Ok(await reports.HandleAsync(http.User.UserId(), id, ReportState.Dismissed, req, ct));

    /// <summary>Reports take from the same per-user bucket as sends: a flood of them is a flood of writes.</summary>
    private sealed class ReportRateLimit(SendLimiter limiter) : IEndpointFilter
    {
        public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext ctx, EndpointFilterDelegate next)
        {
            limiter.Acquire(ctx.HttpContext.User.UserId());
            return next(ctx);
        }
    }
}
