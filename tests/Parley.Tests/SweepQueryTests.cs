using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Parley.Server.Files;
using Parley.Tests.Infrastructure;
using Xunit;

namespace Parley.Tests;

/// <summary>
/// The background sweeps take their batches in a set order: EF warned at every start that a Take without OrderBy
/// gives unpredictable rows.
/// </summary>
public sealed class SweepQueryTests
{
    [Fact]
    public async Task SweepsRunWithoutTheRowLimitingWarning()
    {
        await using var app = await ParleyApp.StartAsync(new Dictionary<string, string?> { ["Parley:Presence:StatusSweepSeconds"] = "1" });
        var alice = await app.SignUpAsync("alice");
        await using var hub = await app.ConnectAsync(alice);
        using var http = alice.Http();
        await Expect.Json(await http.PatchAsJsonAsync("/api/me", new { statusText = "Back soon", statusExpiresAt = DateTime.UtcNow.AddSeconds(2) },
            TestContext.Current.CancellationToken));

        await app.Services.GetRequiredService<FileSweeper>().SweepAsync(TestContext.Current.CancellationToken);
        // The status sweep clearing the expired status: its query has run.
        await hub.WaitForAsync("UserUpdated", u => u.Id() == alice.Id && u.GetProperty("statusText").GetString() == "", TimeSpan.FromSeconds(10));

        Assert.DoesNotContain(app.Logs, line => line.Contains("row limiting operator", StringComparison.Ordinal));
    }
}
