using System.Text.Json;

namespace Rewind.Storage;

/// <summary>The one JSON convention of run directories: snake_case names, round-trippable doubles, indented.</summary>
public static class Json
{
    /// <summary>Serializer options used for every JSON file Rewind writes.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = false,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
