using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rewind.Storage;

/// <summary>
/// A level's <c>metrics.jsonl</c>: one <see cref="EpochMetrics"/> JSON object per line with snake_case names
/// (<c>{"level":1,"epoch":3,"step":1170,"learning_rate":0.1,...}</c>). NaN and ±Infinity (a diverged loss) are
/// written as the strings <c>"NaN"</c>, <c>"Infinity"</c>, <c>"-Infinity"</c>.
/// </summary>
public static class EpochMetricsJsonl
{
    private static JsonSerializerOptions Options => Json.Options;

    /// <summary>Atomically writes all of <paramref name="epochs"/> to <paramref name="path"/>, one object per line.</summary>
    public static void Write(string path, IEnumerable<EpochMetrics> epochs)
    {
        ArgumentNullException.ThrowIfNull(epochs);
        var text = new StringBuilder();
        foreach (var e in epochs)
            text.Append(JsonSerializer.Serialize(e, Options)).Append('\n');
        AtomicFile.WriteAllText(path, text.ToString());
    }

    /// <summary>
    /// Reads a file written by <see cref="Write"/>. Blank lines are ignored. A missing file or a line that is not a
    /// complete epoch record raises <see cref="RewindUserException"/> naming the file and line.
    /// </summary>
    public static IReadOnlyList<EpochMetrics> Read(string path)
    {
        string[] lines = Csv.ReadLines(path, "epoch metrics");
        var result = new List<EpochMetrics>(lines.Length);
        for (int i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
                continue;
            EpochMetrics? m;
            try
            {
                m = JsonSerializer.Deserialize<EpochMetrics>(lines[i], Options);
            }
            catch (JsonException e)
            {
                throw new RewindUserException(
                    $"{path}:{i + 1}: not a valid epoch-metrics record ({e.Message}). " +
                    "The file is damaged (in a run folder, `rewind repair DIR` drops the damaged level and the ones after it).", e);
            }
            result.Add(m ?? throw new RewindUserException(
                $"{path}:{i + 1}: 'null' is not an epoch-metrics record. " +
                "The file is damaged (in a run folder, `rewind repair DIR` drops the damaged level and the ones after it)."));
        }
        return result;
    }
}
