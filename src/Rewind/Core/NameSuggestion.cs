namespace Rewind.Core;

/// <summary>Finds the valid name nearest to a mistyped one (edit distance), for "did you mean" hints.</summary>
internal static class NameSuggestion
{
    /// <summary>The nearest of <paramref name="valid"/> to <paramref name="typed"/>, or null when none is plausibly meant.</summary>
    /// <remarks>Case, '-', '_' and spaces are ignored ("FashionMNIST" suggests "fashion-mnist"); a name is plausible within a
    /// few edits relative to its length, or when one contains the other ("fashion" suggests "fashion-mnist").</remarks>
    public static string? Nearest(string typed, IEnumerable<string> valid)
    {
        string t = Squash(typed);
        if (t.Length == 0)
        {
            return null;
        }

        string? best = null;
        int bestDistance = int.MaxValue;
        string? containing = null;
        foreach (string v in valid)
        {
            string s = Squash(v);
            int d = EditDistance.Between(t, s);
            if (d < bestDistance)
            {
                bestDistance = d;
                best = v;
            }

            if (containing is null && t.Length >= 3 && (s.Contains(t, StringComparison.Ordinal) || t.Contains(s, StringComparison.Ordinal)))
            {
                containing = v;
            }
        }

        if (best is not null && bestDistance <= Math.Max(2, Squash(best).Length / 3))
        {
            return best;
        }

        return containing;
    }

    private static string Squash(string s) =>
        new(s.Where(c => c is not ('-' or '_' or ' ')).Select(char.ToLowerInvariant).ToArray());
}
