using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Parley.Server.Data;
using Parley.Tests.Infrastructure;
using Xunit;

namespace Parley.Tests;

/// <summary>Web Push to a push service on loopback that checks VAPID and decrypts like a browser would.</summary>
public sealed class PushTests
{
    private static Task<ParleyApp> StartAppAsync() => ParleyApp.StartAsync(new Dictionary<string, string?>
    {
        ["Parley:Push:AllowPrivateEndpoints"] = "true",
        ["Parley:Push:RetryDelayMs"] = "50",
    });

    private static async Task<string> ServerKeyAsync(TestUser u)
    {
        using var http = u.Http();
        var key = (await Expect.Json(await http.GetAsync("/api/push/key"))).GetProperty("publicKey").GetString()!;
        Assert.Equal(65, Convert.FromBase64String(key.Replace('-', '+').Replace('_', '/') + "=").Length);
        return key;
    }

    private static async Task SubscribeAsync(TestUser u, TestPushService.Device device, int status = 201)
    {
        using var http = u.Http();
        await Expect.Status(await http.PostAsJsonAsync("/api/push/subscriptions", device.Subscription), status);
    }

    private static async Task<int> SubscriptionsOfAsync(ParleyApp app, Guid userId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ParleyDb>().PushSubscriptions.CountAsync(s => s.UserId == userId);
    }

    [Fact]
    public void EncryptionMatchesTheExampleOfRfc8291()
    {
        static byte[] B(string s) => System.Buffers.Text.Base64Url.DecodeFromChars(s);
        var asPublic = B("BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8");
        using var applicationServer = System.Security.Cryptography.ECDiffieHellman.Create(new System.Security.Cryptography.ECParameters
        {
            Curve = System.Security.Cryptography.ECCurve.NamedCurves.nistP256,
            D = B("yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw"),
            Q = new System.Security.Cryptography.ECPoint { X = asPublic[1..33], Y = asPublic[33..] },
        });
        var body = Parley.Server.Notifications.WebPushEncryption.Encrypt(
            B("BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4"), B("BTBZMqHH6r4Tts7J_aSIgg"),
            "When I grow up, I want to be a watermelon"u8, applicationServer, B("DGv6ra1nlYgDCS1FRnbzlw"));
        Assert.Equal("DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN",
            System.Buffers.Text.Base64Url.EncodeToString(body));
    }

    [Fact]
    public async Task AnOfflineRecipientGetsAnEncryptedSignedPushAndAConnectedOneDoesNot()
    {
        await using var push = await TestPushService.StartAsync();
        await using var app = await StartAppAsync();
        var alice = await app.SignUpAsync("alice", "Alice");
        var bob = await app.SignUpAsync("bob", "Bob");
        var carol = await app.SignUpAsync("carol", "Carol");
        var dm = await alice.OpenDmAsync(bob);
        var bobsPhone = push.NewDevice("bob-phone");
        var carolsLaptop = push.NewDevice("carol-laptop");
        await SubscribeAsync(bob, bobsPhone);
        await SubscribeAsync(bob, bobsPhone, 200); // the same browser again: one subscription
        await SubscribeAsync(carol, carolsLaptop);
        var serverKey = await ServerKeyAsync(bob);
        Assert.Equal(serverKey, await ServerKeyAsync(alice)); // one server identity

        // Bob has no connection: his phone is told, encrypted for it alone.
        var sent = await alice.PostMessageAsync(dm, "Lunch at noon? 🍜");
        var received = await push.NextAsync(bobsPhone.Name);
        var note = bobsPhone.Open(received, serverKey);
        Assert.Equal("Alice", note.GetProperty("title").GetString());
        Assert.Equal("Lunch at noon? 🍜", note.GetProperty("body").GetString());
        Assert.Equal(dm, note.GetProperty("roomId").GetGuid());
        Assert.Equal(sent.GetProperty("id").GetGuid(), note.GetProperty("messageId").GetGuid());
        Assert.Equal(-1, received.Body.AsSpan().IndexOf("Lunch"u8)); // never in clear on the wire

        // While Bob is connected he sees it live and gets no push; the next push after he left is for the next message.
        await using (var hub = await app.ConnectAsync(bob))
        {
            await alice.PostMessageAsync(dm, "seen live");
            await hub.WaitForAsync("MessageCreated", m => m.GetProperty("text").GetString() == "seen live");
        }
        await bob.WaitUntilDisconnectedAsync(); // the server notices the close
        await alice.PostMessageAsync(dm, "after you left");
        Assert.Equal("after you left", bobsPhone.Open(await push.NextAsync(bobsPhone.Name), serverKey).GetProperty("body").GetString());

        // Carol is in no conversation with Alice: nothing ever reached her laptop.
        Assert.False(push.HasPending(carolsLaptop.Name));
        Assert.Equal(1, await SubscriptionsOfAsync(app, bob.Id));
    }

    [Fact]
    public async Task ABusyPushServiceIsRetriedAndAGoneSubscriptionIsRemoved()
    {
        await using var push = await TestPushService.StartAsync();
        await using var app = await StartAppAsync();
        var alice = await app.SignUpAsync("alice", "Alice");
        var bob = await app.SignUpAsync("bob", "Bob");
        var dm = await alice.OpenDmAsync(bob);
        var phone = push.NewDevice("phone");
        await SubscribeAsync(bob, phone);
        var serverKey = await ServerKeyAsync(bob);

        push.AnswerNext(phone.Name, 503, 429);
        await alice.PostMessageAsync(dm, "third time lucky");
        Assert.Equal(503, (await push.NextAsync(phone.Name)).AnsweredWith);
        Assert.Equal(429, (await push.NextAsync(phone.Name)).AnsweredWith);
        var delivered = await push.NextAsync(phone.Name);
        Assert.Equal(201, delivered.AnsweredWith);
        Assert.Equal("third time lucky", phone.Open(delivered, serverKey).GetProperty("body").GetString());

        // The browser unsubscribed long ago: the service says 410 and Parley forgets the device.
        push.AnswerNext(phone.Name, 410);
        await alice.PostMessageAsync(dm, "anyone there?");
        Assert.Equal(410, (await push.NextAsync(phone.Name)).AnsweredWith);
        for (var i = 0; i < 100 && await SubscriptionsOfAsync(app, bob.Id) > 0; i++) await Task.Delay(50);
        Assert.Equal(0, await SubscriptionsOfAsync(app, bob.Id));
        // A second device is the marker: once its pushes of "gone" and of a later message arrived, the forgotten phone
        // would have had its own.
        var tablet = push.NewDevice("tablet");
        await SubscribeAsync(bob, tablet);
        await alice.PostMessageAsync(dm, "gone");
        await alice.PostMessageAsync(dm, "later");
        var bodies = new List<string?>();
        for (var i = 0; i < 2; i++) bodies.Add(tablet.Open(await push.NextAsync(tablet.Name), serverKey).GetProperty("body").GetString());
        Assert.Equal(["gone", "later"], bodies.Order());
        Assert.False(push.HasPending(phone.Name));
    }

    [Fact]
    public async Task SubscriptionsAreCheckedAndPrivateAddressesRefusedByDefault()
    {
        await using var push = await TestPushService.StartAsync();
        await using var app = await ParleyApp.StartAsync(); // defaults: public https endpoints only
        var bob = await app.SignUpAsync("bob", "Bob");
        using var http = bob.Http();
        var device = push.NewDevice("d");
        var keys = JsonSerializer.SerializeToElement(device.Subscription).GetProperty("keys");
        var p256dh = keys.GetProperty("p256dh").GetString();
        var auth = keys.GetProperty("auth").GetString();

        async Task Refused(object body, string field) =>
            await Expect.Problem(await http.PostAsJsonAsync("/api/push/subscriptions", body), 400, field);

        await Refused(new { endpoint = device.Endpoint, keys = new { p256dh, auth } }, "endpoint");          // http on loopback
        await Refused(new { endpoint = "https://127.0.0.1/push/x", keys = new { p256dh, auth } }, "endpoint"); // loopback
        await Refused(new { endpoint = "https://10.0.0.7/push/x", keys = new { p256dh, auth } }, "endpoint");  // private network
        await Refused(new { endpoint = "https://169.254.169.254/latest", keys = new { p256dh, auth } }, "endpoint"); // cloud metadata
        await Refused(new { endpoint = "ftp://push.example/x", keys = new { p256dh, auth } }, "endpoint");
        await Refused(new { endpoint = "https://push.example/x", keys = new { p256dh = "AAAA", auth } }, "keys.p256dh");
        var offCurve = "BA" + new string('A', 85); // 0x04 then zeros: not a point on P-256
        await Refused(new { endpoint = "https://push.example/x", keys = new { p256dh = offCurve, auth } }, "keys.p256dh");
        await Refused(new { endpoint = "https://push.example/x", keys = new { p256dh, auth = "AAAA" } }, "keys.auth");
        Assert.Equal(0, await SubscriptionsOfAsync(app, bob.Id));

        // A public https endpoint is accepted (nothing is sent until there is something to say) and can be removed.
        await Expect.Status(await http.PostAsJsonAsync("/api/push/subscriptions", new { endpoint = "https://push.example/x", keys = new { p256dh, auth } }), 201);
        Assert.Equal(1, await SubscriptionsOfAsync(app, bob.Id));
        await Expect.Status(await http.PostAsJsonAsync("/api/push/subscriptions/remove", new { endpoint = "https://push.example/x" }), 204);
        Assert.Equal(0, await SubscriptionsOfAsync(app, bob.Id));

        using var anonymous = app.CreateHttpClient();
        await Expect.Status(await anonymous.GetAsync("/api/push/key"), 401);
    }
}
