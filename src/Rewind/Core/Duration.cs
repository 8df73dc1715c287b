using System.Globalization;
using System.Text.RegularExpressions;

namespace Rewind.Core;

/// <summary>
/// A training length or a point in training, written as epochs and/or iterations: "40ep", "1000it", "2ep500it".
/// Resolved into iterations once the number of iterations per epoch is known (open_lth's Step, as a value type).
/// </summary>
public readonly partial record struct Duration(int Epochs, long Iterations)
{
    /// <summary>Zero length.</summary>
    public static Duration Zero => new(0, 0);

    /// <summary>Whole epochs.</summary>
    public static Duration FromEpochs(int epochs) => new(epochs, 0);

    /// <summary>Plain iterations.</summary>
    public static Duration FromIterations(long iterations) => new(0, iterations);

    /// <summary>True when the duration is zero.</summary>
    public bool IsZero => Epochs == 0 && Iterations == 0;

    /// <summary>The duration in optimizer steps given the steps in one epoch.</summary>
    public long ToIterations(long iterationsPerEpoch) => checked(Epochs * iterationsPerEpoch + Iterations);

    /// <summary>Parses "40ep", "1000it", "2ep500it" (also "0"); returns false on anything else.</summary>
    public static bool TryParse(string? text, out Duration duration)
    {
        duration = Zero;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim().ToLowerInvariant();
        if (s == "0") return true;
        var m = Pattern().Match(s);
        if (!m.Success || (!m.Groups["ep"].Success && !m.Groups["it"].Success)) return false;
        int ep = 0;
        long it = 0;
        if (m.Groups["ep"].Success && !int.TryParse(m.Groups["ep"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out ep)) return false;
        if (m.Groups["it"].Success && !long.TryParse(m.Groups["it"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out it)) return false;
        duration = new Duration(ep, it);
        return true;
    }

    /// <summary>Parses a duration or throws a <see cref="RewindUserException"/> naming <paramref name="what"/>.</summary>
    public static Duration Parse(string? text, string what = "duration")
    {
        if (TryParse(text, out var d)) return d;
        throw new RewindUserException(
            $"{what}: '{text}' is not a duration. Write epochs and/or iterations, e.g. \"40ep\", \"1000it\" or \"2ep500it\".");
    }

    /// <summary>The canonical text form ("2ep500it", "40ep", "0it").</summary>
    public override string ToString() => (Epochs, Iterations) switch
    {
        (0, var i) => $"{i}it",
        (var e, 0) => $"{e}ep",
        var (e, i) => $"{e}ep{i}it",
    };

    [GeneratedRegex(@"^(?:(?<ep>\d+)ep)?(?:(?<it>\d+)it)?$")]
    private static partial Regex Pattern();
}
