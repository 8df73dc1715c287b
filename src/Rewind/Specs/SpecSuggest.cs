namespace Rewind.Specs;

/// <summary>"Did you mean ...?": the nearest key or choice by edit distance (optimal string alignment).</summary>
internal static class SpecSuggest
{
    /// <summary>
    /// The valid key nearest to <paramref name="given"/>, or null when none is close. Keys with the same number of
    /// segments are compared segment by segment, ignoring case (each segment must be close); any key whose last segment is close
    /// also qualifies, one step further away (so <c>weight_decay</c> finds <c>optimizer.weight_decay</c>).
    /// </summary>
    public static string? NearestKey(string given, IEnumerable<string> keys)
    {
        var g = given.ToLowerInvariant().Split('.');
        string? best = null;
        int bestScore = int.MaxValue;
        foreach (var key in keys)
        {
            var k = key.Split('.');
            int score = int.MaxValue;
            if (k.Length == g.Length)
            {
                int total = 0;
                bool close = true;
                for (int i = 0; i < k.Length && close; i++)
                {
                    int d = Distance(g[i], k[i]);
                    close = d <= Allowed(g[i], k[i]);
                    total += d;
                }
                if (close) score = total;
            }
            int leaf = Distance(g[^1], k[^1]);
            if (leaf <= Allowed(g[^1], k[^1])) score = Math.Min(score, leaf + 1);
            if (score < bestScore)
            {
                bestScore = score;
                best = key;
            }
        }
        return best;
    }

    /// <summary>The allowed value nearest to <paramref name="given"/> (ignoring case), or null when none is close.</summary>
    public static string? NearestChoice(string given, IEnumerable<string> choices)
    {
        string? best = null;
        int bestScore = int.MaxValue;
        var g = given.Trim().ToLowerInvariant();
        foreach (var c in choices)
        {
            int d = Distance(g, c.ToLowerInvariant());
            if (d <= Allowed(g, c) && d < bestScore)
            {
                bestScore = d;
                best = c;
            }
        }
        return best;
    }

    /// <summary>How many edits still count as "near" for strings of these lengths.</summary>
    private static int Allowed(string a, string b) => Math.Max(a.Length, b.Length) switch
    {
        <= 2 => 0,
        <= 5 => 1,
        <= 10 => 2,
        _ => 3,
    };

    /// <summary>Optimal-string-alignment distance: insertions, deletions, substitutions, adjacent transpositions.</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
