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
                    int d = EditDistance.Between(g[i], k[i]);
                    close = d <= Allowed(g[i], k[i]);
                    total += d;
                }
                if (close) score = total;
            }
            int leaf = EditDistance.Between(g[^1], k[^1]);
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
            int d = EditDistance.Between(g, c.ToLowerInvariant());
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
}
