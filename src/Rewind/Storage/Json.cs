using System.Text.Json;

namespace Rewind.Storage;

/// <summary>The one JSON convention of run directories: snake_case names, one line per object, NaN/±Infinity as named literals (a diverged loss is still recorded), constructor parameters without a default required when reading.</summary>
public static class Json
{
    /// <summary>Serializer options used for every JSON file Rewind writes.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = false,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
        RespectRequiredConstructorParameters = true,
    };
}
