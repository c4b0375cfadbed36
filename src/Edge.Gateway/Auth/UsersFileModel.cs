// UsersFileModel and its source-generated JSON context: the shape of Edge:Auth:UsersFile.
using System.Text.Json.Serialization;
using Edge.Gateway.Configuration;

namespace Edge.Gateway.Auth;

/// <summary>The users file: <c>{ "Users": [ { "Name": "...", "PasswordHash": "..." } ] }</c>.</summary>
internal sealed class UsersFileModel
{
    /// <summary>The users.</summary>
    public List<AuthUserOptions> Users { get; init; } = [];
}

/// <summary>Source-generated serializer for <see cref="UsersFileModel"/>.</summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, WriteIndented = true, ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(UsersFileModel))]
[JsonSerializable(typeof(AuthUserOptions))]
internal sealed partial class AuthJsonContext : JsonSerializerContext;
