using System.Text.Json;

namespace Parley.Server.Accounts.Passkeys;

/// <summary>What <c>navigator.credentials.create</c> made from the options the token carries (its JSON form, base64url binary).</summary>
public sealed record AddPasskeyRequest(string? Token, string? Name, JsonElement? Credential);

public sealed record RenamePasskeyRequest(string? Name);

/// <summary>What <c>navigator.credentials.get</c> answered to the options the token carries.</summary>
public sealed record PasskeySignInRequest(string? Token, JsonElement? Credential);

/// <summary>The options to give the browser (WebAuthn's JSON form) and the token to send back with its answer.</summary>
public sealed record PasskeyOptionsDto(string Token, JsonElement Options);
