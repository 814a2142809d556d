using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MimeKit;

namespace Parley.Tests.Infrastructure;

/// <summary>
/// An SMTP sink on a free loopback port: speaks just enough SMTP (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) for
/// the app's mail to arrive, and keeps every message, parsed with MimeKit, for the test to read.
/// </summary>
public sealed class ThrowawaySmtp : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<MimeMessage> _messages = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly Task _accepting;

    public ThrowawaySmtp()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public IReadOnlyCollection<MimeMessage> Messages => _messages.ToArray();

    /// <summary>Settings that send the app's mail here.</summary>
    public Dictionary<string, string?> Settings(IDictionary<string, string?>? more = null) => new(more ?? new Dictionary<string, string?>())
    {
        ["Parley:Email:Host"] = "127.0.0.1",
        ["Parley:Email:Port"] = Port.ToString(),
        ["Parley:Email:Security"] = "none",
        ["Parley:Email:From"] = "Parley Test <parley@test.example>",
    };

    /// <summary>The first message (arrived or arriving within the timeout) that matches.</summary>
    public async Task<MimeMessage> WaitForAsync(Func<MimeMessage, bool> match, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            if (_messages.FirstOrDefault(match) is { } found) return found;
            var left = until - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await _arrived.WaitAsync(left))
                throw new TimeoutException($"No matching mail arrived. Got: {string.Join("; ", _messages.Select(m => $"{m.To} '{m.Subject}'"))}");
        }
    }

    /// <summary>The mail to this address whose subject contains the words.</summary>
    public Task<MimeMessage> MailToAsync(string address, string subjectContains) =>
        WaitForAsync(m => m.To.Mailboxes.Any(b => b.Address == address) && (m.Subject ?? "").Contains(subjectContains, StringComparison.OrdinalIgnoreCase));

    public int CountTo(string address, string subjectContains) =>
        _messages.Count(m => m.To.Mailboxes.Any(b => b.Address == address) && (m.Subject ?? "").Contains(subjectContains, StringComparison.OrdinalIgnoreCase));

    /// <summary>The token of the one-time link in a mail's text.</summary>
    public static string TokenIn(MimeMessage mail)
    {
        var match = System.Text.RegularExpressions.Regex.Match(mail.TextBody ?? "", @"https?://\S+\?token=(\S+)");
        if (!match.Success) throw new InvalidOperationException("The mail has no link with a token: " + mail.TextBody);
        return Uri.UnescapeDataString(match.Groups[1].Value);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        async Task Say(string line) => await stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"), _stop.Token);
        try
        {
            await Say("220 sink.test ESMTP");
            while (await ReadLineAsync(stream) is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO": await Say("250-sink.test\r\n250 8BITMIME"); break;
                    case "HELO": await Say("250 sink.test"); break;
                    case "MAIL" or "RCPT" or "RSET" or "NOOP": await Say("250 OK"); break;
                    case "DATA":
                        await Say("354 End data with <CR><LF>.<CR><LF>");
                        var data = new MemoryStream();
                        while (await ReadLineAsync(stream) is { } raw && raw != ".")
                        {
                            var unstuffed = raw.StartsWith("..") ? raw[1..] : raw;
                            data.Write(Encoding.Latin1.GetBytes(unstuffed + "\r\n"));
                        }
                        data.Position = 0;
                        _messages.Enqueue(await MimeMessage.LoadAsync(data));
                        _arrived.Release();
                        await Say("250 OK queued");
                        break;
                    case "QUIT": await Say("221 Bye"); return;
                    default: await Say("502 Command not implemented"); break;
                }
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested) { }
        catch (IOException) { }
    }

    /// <summary>One line without its CRLF, bytes kept as Latin-1 (so 8-bit bodies survive); null at the end of the stream.</summary>
    private async Task<string?> ReadLineAsync(NetworkStream stream)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            if (await stream.ReadAsync(one, _stop.Token) == 0) return bytes.Count == 0 ? null : Encoding.Latin1.GetString(bytes.ToArray());
            if (one[0] == '\n')
            {
                if (bytes.Count > 0 && bytes[^1] == '\r') bytes.RemoveAt(bytes.Count - 1);
                return Encoding.Latin1.GetString(bytes.ToArray());
            }
            bytes.Add(one[0]);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try { await _accepting; } catch (Exception) { }
        _stop.Dispose();
    }
}
