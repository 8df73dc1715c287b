using System.Globalization;

namespace Rewind.Runs;

/// <summary>
/// <c>--seeds auto:POINTS[:CAP]</c>: run more seeds until the study's paired comparisons could detect a difference of
/// <see cref="Points"/> percentage points at 80% power, or <see cref="Cap"/> seeds have run. Extra seeds are extra runs,
/// so the study stays resumable; the seeds used so far are recorded in the study folder (<c>seeds.json</c>).
/// </summary>
/// <param name="Points">The difference worth detecting, in percentage points (e.g. 0.2).</param>
/// <param name="Start">Seeds run before the first estimate (at least 2, for a spread).</param>
/// <param name="Cap">The most seeds ever run.</param>
public sealed record SeedRule(double Points, int Start, int Cap)
{
    /// <summary>The default cap when <c>auto:POINTS</c> names none.</summary>
    public const int DefaultCap = 10;

    /// <summary>
    /// Parses a <c>--seeds</c> value: a number of seeds (returns that count and no rule) or <c>auto:POINTS[:CAP]</c>
    /// (starts with 3 seeds, or CAP if smaller). A user error names the option and shows both forms.
    /// </summary>
    public static (int Count, SeedRule? Rule) Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim();
        if (int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n))
            return n >= 1 ? (n, null) : throw new RewindUserException($"--seeds: {n} is not a number of seeds; use 1 or more, or auto:0.2.");
        var parts = t.Split(':');
        if (parts.Length is < 2 or > 3 || parts[0] != "auto" ||
            !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double points) || !(points > 0) || !double.IsFinite(points))
            throw new RewindUserException($"--seeds: '{text}' is neither a number of seeds nor auto:POINTS[:CAP]; write e.g. --seeds 3 or --seeds auto:0.2:10.");
        int cap = DefaultCap;
        if (parts.Length == 3 && (!int.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out cap) || cap < 2))
            throw new RewindUserException($"--seeds: the cap in '{text}' must be a whole number of seeds ≥ 2, e.g. auto:0.2:10.");
        int start = Math.Min(3, cap);
        return (start, new SeedRule(points, start, cap));
    }

    /// <summary>The rule as written on the command line.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"auto:{Points:R}:{Cap}");
}
