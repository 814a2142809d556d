using System.Threading.Channels;

namespace Parley.Server.Email;

/// <summary>
/// Mail waits here and goes out in the background, so a slow or unreachable SMTP server never holds a request. A mail
/// is tried a few times with growing pauses, then dropped with a warning (its kind only: never the body or its link).
/// The queue is per node and in memory: a node that stops with mail queued loses it (the person asks again: resend,
/// forgot password), which is why nothing that must arrive is only mailed.
/// </summary>
public sealed class MailQueue(IMailSender sender, ILogger<MailQueue> log) : BackgroundService
{
    /// <summary>The pauses before the second, third and fourth try.</summary>
    public static readonly TimeSpan[] Backoff = [TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(1)];
    private const int MaxInFlight = 4;
    private readonly Channel<OutgoingMail> _queue = Channel.CreateBounded<OutgoingMail>(new BoundedChannelOptions(1_000) { SingleReader = true });
    private readonly SemaphoreSlim _inFlight = new(MaxInFlight, MaxInFlight);

    /// <summary>False when the queue is full and the mail was dropped.</summary>
    public bool Enqueue(OutgoingMail mail)
    {
        if (_queue.Writer.TryWrite(mail)) return true;
        log.LogWarning("Mail queue full: a {Kind} mail was dropped", mail.Kind);
        return false;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var mail in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            // A few at once, each with its own retries: a mail waiting to be tried again doesn't hold the others.
            await _inFlight.WaitAsync(stoppingToken);
            _ = Task.Run(async () =>
            {
                try { await SendWithRetriesAsync(mail, stoppingToken); }
                finally { _inFlight.Release(); }
            }, CancellationToken.None);
        }
    }

    private async Task SendWithRetriesAsync(OutgoingMail mail, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await sender.SendAsync(mail, ct);
                return;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
            catch (Exception e)
            {
                // The exception's message (SMTP reply, socket error), not the mail: it may hold a one-time link.
                if (attempt >= Backoff.Length)
                {
                    log.LogWarning("A {Kind} mail could not be sent after {Tries} tries and was dropped: {Error}", mail.Kind, attempt + 1, e.Message);
                    return;
                }
                log.LogInformation("A {Kind} mail could not be sent (try {Try}), trying again in {Delay}: {Error}", mail.Kind, attempt + 1, Backoff[attempt], e.Message);
                try { await Task.Delay(Backoff[attempt], ct); } catch (OperationCanceledException) { return; }
            }
        }
    }
}
