using System.Text.Json;
using Rewind.Storage;

namespace Rewind.Runs;

/// <summary>
/// A study's own verdict on a claim of the papers that no plain comparison of two arms expresses (the single neuron's
/// sign cases, Theorem 1, the Oracle's intervals, …), written with the report into the study folder's
/// <c>findings.json</c> and read by <c>rewind claims</c>.
/// </summary>
/// <param name="Id">The finding's id, named by the claims register (e.g. <c>theorem-1</c>).</param>
/// <param name="Verdict"><see cref="Held"/>, <see cref="NotHeld"/> or <see cref="Undecided"/>.</param>
/// <param name="Evidence">The measured numbers behind the verdict, in one or two sentences.</param>
public sealed record StudyFinding(string Id, string Verdict, string Evidence)
{
    /// <summary>The claim held at this scale.</summary>
    public const string Held = "held";

    /// <summary>The claim did not hold at this scale.</summary>
    public const string NotHeld = "not held";

    /// <summary>The data cannot decide it (yet).</summary>
    public const string Undecided = "undecided";

    /// <summary>The file in a study folder.</summary>
    public const string FileName = "findings.json";

    /// <summary>Writes <paramref name="findings"/> into <paramref name="studyDir"/> (atomically).</summary>
    public static void Save(string studyDir, IReadOnlyList<StudyFinding> findings) =>
        AtomicFile.WriteAllText(Path.Combine(studyDir, FileName), JsonSerializer.Serialize(findings, Json.Options) + "\n");

    /// <summary>The findings recorded in <paramref name="studyDir"/> (none when there is no file).</summary>
    public static IReadOnlyList<StudyFinding> Load(string studyDir)
    {
        var path = Path.Combine(studyDir, FileName);
        if (!File.Exists(path)) return [];
        try
        {
            return JsonSerializer.Deserialize<List<StudyFinding>>(File.ReadAllText(path), Json.Options) ?? [];
        }
        catch (JsonException e)
        {
            throw new RewindUserException($"{path}: unreadable ({e.Message}); `rewind report {studyDir}` writes it again.", e);
        }
    }
}
