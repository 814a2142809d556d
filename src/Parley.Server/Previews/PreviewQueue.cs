using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Server.Data;
using Parley.Server.Events;
using Parley.Server.Messages;

namespace Parley.Server.Previews;

/// <summary>A committed message (new or edited) whose links may need previews; its text as committed.</summary>
public sealed record PreviewJob(Guid MessageId, string Text);

/// <summary>
/// Previews are made in the background, never on the send path: the batch writer and edits only drop a job in a
/// bounded queue (a full queue drops the job: no preview, nothing else). A few jobs run at once; each fetches its
/// links (or takes them from the cache), then stores which previews the message shows under a new rev and tells the
/// room (<see cref="IChatClient.MessagePreviews"/>), so catch-up carries it like an edit.
/// </summary>
public sealed class PreviewQueue(IServiceScopeFactory scopes, PreviewCache cache, IChatAudience groups,
    IOptions<PreviewsOptions> options, ILogger<PreviewQueue> log) : BackgroundService
{
    private const int Parallel = 4;
    private readonly Channel<PreviewJob> _jobs = Channel.CreateBounded<PreviewJob>(new BoundedChannelOptions(1_000));

    /// <summary>Cheap enough for the send path: a text without "http" costs one scan and no job.</summary>
    public void Enqueue(Guid messageId, string text)
    {
        if (!options.Value.Enabled || !text.Contains("http", StringComparison.OrdinalIgnoreCase)) return;
        if (!_jobs.Writer.TryWrite(new PreviewJob(messageId, text)))
            log.LogWarning("Preview queue full: no preview for message {Id}", messageId);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        System.Threading.Tasks.Parallel.ForEachAsync(_jobs.Reader.ReadAllAsync(stoppingToken),
            new ParallelOptions { MaxDegreeOfParallelism = Parallel, CancellationToken = stoppingToken },
            async (job, ct) =>
            {
                try { await RunAsync(job, ct); }
                catch (Exception e) when (!ct.IsCancellationRequested) { log.LogWarning(e, "Preview of message {Id} failed", job.MessageId); }
            });

    private async Task RunAsync(PreviewJob job, CancellationToken ct)
    {
        var links = MessageLinks.Find(job.Text);
        if (links.Count == 0) return;
        var previews = new List<LinkPreview>();
        foreach (var link in links)
            if (await cache.GetAsync(link, ct) is { } preview && previews.All(p => p.Id != preview.Id)) previews.Add(preview);

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
        var message = await db.Messages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == job.MessageId, ct);
        if (message is null || !StillWanted(message, links)) return;
        if (previews.Count == 0 && !message.HasPreviews) return;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The rev first: it locks the room's row, so a concurrent edit or removal is either before (seen below) or after.
        var rev = await RoomSequence.NextRevAsync(db, message.RoomId, ct);
        message = await db.Messages.FirstAsync(m => m.Id == job.MessageId, ct);
        if (!StillWanted(message, links)) return; // rolled back: the rev is not taken
        await db.MessagePreviews.Where(p => p.MessageId == message.Id).ExecuteDeleteAsync(ct);
        for (var i = 0; i < previews.Count; i++) db.MessagePreviews.Add(new MessagePreview { MessageId = message.Id, PreviewId = previews[i].Id, Position = i });
        message.HasPreviews = previews.Count > 0;
        message.Rev = rev;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        await groups.InRoom(message.RoomId).MessagePreviews(
            new MessagePreviewsEvent(message.RoomId, message.Id, rev, previews.Select(LinkPreviewDto.From).ToList()));
    }

    /// <summary>Not deleted, previews not removed by the sender, and no edit since changed its links (that edit queued its own job).</summary>
    private static bool StillWanted(Message m, IReadOnlyList<string> links) =>
        m.DeletedAt is null && !m.PreviewsRemoved && MessageLinks.Find(m.Text).SequenceEqual(links);
}
