using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Text.Json;
using Fido2NetLib;
using Fido2NetLib.Exceptions;
using Fido2NetLib.Objects;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Parley.Server.Data;
using Parley.Server.Infrastructure;
using Ceremony = Parley.Server.Accounts.Passkeys.PasskeyCeremonyTokens.Ceremony;

namespace Parley.Server.Accounts.Passkeys;

/// <summary>
/// An account's passkeys: register one (signed in), list, rename and remove them, and sign in with one. A passkey
/// proves possession and (usually) the user's verification on the device, so its sign-in asks for no second factor.
/// </summary>
public sealed class PasskeyService(ParleyDb db, UserManager<User> users, PasskeyRelyingParty relyingParty, PasskeyCeremonyTokens tokens,
    SignInDoor door, TimeProvider clock)
{
    public const string DefaultName = "Passkey";

    public async Task<PasskeyOptionsDto> RegistrationOptionsAsync(Guid me, HttpRequest request, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == me, ct) ?? throw ParleyError.NotFound("Account");
        var existing = await db.Passkeys.Where(p => p.UserId == me).Select(p => new { p.CredentialId, p.Transports }).ToListAsync(ct);
        var fido = await relyingParty.ForAsync(request, ct);
        var options = fido.RequestNewCredential(new RequestNewCredentialParams
        {
            User = new Fido2User { Id = me.ToByteArray(), Name = user.UserName!, DisplayName = user.DisplayName },
            // The browser refuses to make a second passkey for this account on an authenticator that holds one.
            ExcludeCredentials = existing.Select(p => Descriptor(p.CredentialId, p.Transports)).ToList(),
            AuthenticatorSelection = new AuthenticatorSelection
            {
                ResidentKey = ResidentKeyRequirement.Preferred,
                UserVerification = UserVerificationRequirement.Preferred,
            },
            AttestationPreference = AttestationConveyancePreference.None,
        });
        var json = options.ToJson();
        return new(tokens.Issue(Ceremony.Register, me, json), JsonSerializer.Deserialize<JsonElement>(json));
    }

    public async Task<PasskeyDto> AddAsync(Guid me, AddPasskeyRequest req, HttpRequest request, CancellationToken ct)
    {
        var name = string.IsNullOrWhiteSpace(req.Name) ? DefaultName : req.Name.Trim();
        if (AccountRules.LineProblem(name, "Name", Passkey.MaxName, required: true) is { } problem) throw ParleyError.Invalid("name", problem);
        var options = CredentialCreateOptions.FromJson(tokens.Redeem(req.Token, Ceremony.Register, me, 400));
        var response = Read<AuthenticatorAttestationRawResponse>(req.Credential, 400);
        var fido = await relyingParty.ForAsync(request, ct);
        RegisteredPublicKeyCredential made;
        try
        {
            made = await fido.MakeNewCredentialAsync(new MakeNewCredentialParams
            {
                AttestationResponse = response,
                OriginalOptions = options,
                IsCredentialIdUniqueToUserCallback = async (args, c) => !await db.Passkeys.AnyAsync(p => p.CredentialId == args.CredentialId, c),
            }, ct);
        }
        catch (Fido2VerificationException e) when (e.Code == Fido2ErrorCode.NonUniqueCredentialId)
        {
            throw ParleyError.Conflict("credential", "This passkey is registered already.");
        }
        catch (Exception e) when (IsRefusal(e))
        {
            throw Refusal(e, 400);
        }
        if (made.Id.Length > Passkey.MaxCredentialId) throw ParleyError.Invalid("credential", "The passkey's id is too long.");

        var now = clock.GetUtcNow().UtcDateTime;
        var passkey = new Passkey
        {
            Id = Guid.CreateVersion7(),
            UserId = me,
            CredentialId = made.Id,
            PublicKey = made.PublicKey,
            SignCount = made.SignCount,
            Name = name,
            Transports = string.Join(',', (made.Transports ?? []).Select(t => t.ToString().ToLowerInvariant())),
            AaGuid = made.AaGuid,
            CreatedAt = now,
        };
        db.Passkeys.Add(passkey);
        Moderation.AuditLog.Record(db, now, me, "auth.passkey_added", targetUserId: me, reason: name);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            throw ParleyError.Conflict("credential", "This passkey is registered already.");
        }
        return PasskeyDto.From(passkey);
    }

    public Task<List<PasskeyDto>> ListAsync(Guid me, CancellationToken ct) =>
        db.Passkeys.Where(p => p.UserId == me).OrderBy(p => p.CreatedAt)
            .Select(p => new PasskeyDto(p.Id, p.Name, p.CreatedAt, p.LastUsedAt)).ToListAsync(ct);

    public async Task<PasskeyDto> RenameAsync(Guid me, Guid id, RenamePasskeyRequest req, CancellationToken ct)
    {
        var name = req.Name?.Trim();
        if (AccountRules.LineProblem(name, "Name", Passkey.MaxName, required: true) is { } problem) throw ParleyError.Invalid("name", problem);
        var passkey = await db.Passkeys.FirstOrDefaultAsync(p => p.Id == id && p.UserId == me, ct) ?? throw ParleyError.NotFound("Passkey");
        passkey.Name = name!;
        await db.SaveChangesAsync(ct);
        return PasskeyDto.From(passkey);
    }

    public async Task RemoveAsync(Guid me, Guid id, CancellationToken ct)
    {
        var passkey = await db.Passkeys.FirstOrDefaultAsync(p => p.Id == id && p.UserId == me, ct) ?? throw ParleyError.NotFound("Passkey");
        db.Passkeys.Remove(passkey);
        Moderation.AuditLog.Record(db, clock.GetUtcNow().UtcDateTime, me, "auth.passkey_removed", targetUserId: me, reason: passkey.Name);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Discoverable credentials: no allow list, the authenticator offers the passkeys it holds for this site.</summary>
    public async Task<PasskeyOptionsDto> SignInOptionsAsync(HttpRequest request, CancellationToken ct)
    {
        var fido = await relyingParty.ForAsync(request, ct);
        var options = fido.GetAssertionOptions(new GetAssertionOptionsParams
        {
            AllowedCredentials = [],
            UserVerification = UserVerificationRequirement.Preferred,
        });
        var json = options.ToJson();
        return new(tokens.Issue(Ceremony.SignIn, null, json), JsonSerializer.Deserialize<JsonElement>(json));
    }

    /// <summary>Verifies the assertion, moves the counter on and signs in (cookie, or bearer tokens written to the response).</summary>
    public async Task<MeDto> SignInAsync(PasskeySignInRequest req, bool useCookies, HttpContext http)
    {
        var ct = http.RequestAborted;
        var options = AssertionOptions.FromJson(tokens.Redeem(req.Token, Ceremony.SignIn, null, 401));
        var response = Read<AuthenticatorAssertionRawResponse>(req.Credential, 401);
        var passkey = response.RawId is { Length: > 0 and <= Passkey.MaxCredentialId } rawId
            ? await db.Passkeys.AsNoTracking().FirstOrDefaultAsync(p => p.CredentialId == rawId, ct)
            : null;
        if (passkey is null) throw new ParleyError(401, "This passkey is not registered on this server.", "credential", code: ErrorCodes.PasskeyUnknown);

        var fido = await relyingParty.ForAsync(http.Request, ct);
        VerifyAssertionResult verified;
        try
        {
            verified = await fido.MakeAssertionAsync(new MakeAssertionParams
            {
                AssertionResponse = response,
                OriginalOptions = options,
                StoredPublicKey = passkey.PublicKey,
                StoredSignatureCounter = (uint)passkey.SignCount,
                IsUserHandleOwnerOfCredentialIdCallback = (args, _) =>
                    Task.FromResult(args.UserHandle is { Length: 16 } handle && new Guid(handle) == passkey.UserId),
            }, ct);
        }
        catch (Exception e) when (IsRefusal(e))
        {
            throw Refusal(e, 401);
        }

        // Fido2 checks this too; kept here as the rule this store relies on (an authenticator without a counter sends 0).
        if ((verified.SignCount > 0 || passkey.SignCount > 0) && verified.SignCount <= passkey.SignCount) throw CounterRefusal(401);

        var user = await users.FindByIdAsync(passkey.UserId.ToString());
        if (user is not { DeactivatedAt: null }) throw new ParleyError(401, "This account is closed.", "credential", code: ErrorCodes.AccountClosed);
        // Only from the counter this check read: of two sign-ins with one answer (or a clone's), one moves it on.
        var moved = await db.Passkeys.Where(p => p.Id == passkey.Id && p.SignCount == passkey.SignCount)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.SignCount, (long)verified.SignCount)
                .SetProperty(p => p.LastUsedAt, clock.GetUtcNow().UtcDateTime), ct);
        if (moved == 0) throw CounterRefusal(401);

        await door.CompleteAsync(user, "passkey", useCookies, http);
        return MeDto.From(user);
    }

    private static PublicKeyCredentialDescriptor Descriptor(byte[] id, string transports) =>
        new(PublicKeyCredentialType.PublicKey, id,
            transports.Split(',', StringSplitOptions.RemoveEmptyEntries)
                .Select(t => Enum.TryParse<AuthenticatorTransport>(t, ignoreCase: true, out var v) ? v : (AuthenticatorTransport?)null)
                .OfType<AuthenticatorTransport>().ToArray() is { Length: > 0 } known ? known : null);

    /// <summary>Fido2's wire types carry their own JSON names and base64url converters.</summary>
    private static T Read<T>(JsonElement? json, int status) where T : class
    {
        try
        {
            if (json is { ValueKind: JsonValueKind.Object } o && o.Deserialize<T>() is { } value) return value;
        }
        catch (JsonException) { }
        throw new ParleyError(status, "The passkey's answer could not be read.", "credential", code: ErrorCodes.PasskeyInvalid);
    }

    /// <summary>What Fido2 throws at a bad or malformed answer (its parsers throw the format's own exceptions).</summary>
    private static bool IsRefusal(Exception e) =>
        e is Fido2VerificationException or CborContentException or FormatException or ArgumentException or CryptographicException
            or JsonException or OverflowException or InvalidOperationException && e is not ObjectDisposedException;

    private static ParleyError Refusal(Exception e, int status)
    {
        if (e is Fido2VerificationException { Code: Fido2ErrorCode.InvalidSignCount }) return CounterRefusal(status);
        var reason = e is Fido2VerificationException f ? f.Code switch
        {
            Fido2ErrorCode.InvalidAuthenticatorResponseOrigin or Fido2ErrorCode.CrossOriginRequestNotAllowed
                or Fido2ErrorCode.InvalidAuthenticatorResponseTopOrigin => "The passkey was used from another site.",
            Fido2ErrorCode.InvalidRpidHash => "The passkey belongs to another site.",
            Fido2ErrorCode.InvalidSignature => "The passkey's signature is not valid.",
            Fido2ErrorCode.InvalidAuthenticatorResponseChallenge => "The passkey answered another request. Start again.",
            Fido2ErrorCode.UserPresentFlagNotSet or Fido2ErrorCode.UserVerificationRequirementNotMet => "The passkey was not confirmed on the device.",
            _ => "The passkey could not be verified.",
        } : "The passkey's answer could not be read.";
        return new ParleyError(status, reason, "credential", code: ErrorCodes.PasskeyInvalid);
    }

    private static ParleyError CounterRefusal(int status) =>
        new(status, "This passkey's signature counter went backwards: the authenticator may have been cloned.", "credential", code: ErrorCodes.PasskeyCounter);
}
