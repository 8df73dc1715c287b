using System.Globalization;

namespace Rewind.Schedules;

/// <summary>
/// Builds and checks the peak rule a spec's <c>peak</c> section names (ALGORITHMS §6.1, §6.4). Level 0 always peaks at
/// <c>optimizer.lr</c>; SILO's pruning rate p is <c>pruning.rate</c>.
/// </summary>
public static class PeakSchedules
{
    /// <summary>The rule names (the <c>peak.name</c> choices).</summary>
    public static IReadOnlyList<string> Names { get; } = ["fixed", "silo", "list", "adaptive"];

    /// <summary>True when the peaks are known before training (every rule except adaptive).</summary>
    public static bool IsKnownInAdvance(PeakSpec peak)
    {
        ArgumentNullException.ThrowIfNull(peak);
        return peak.Name != "adaptive";
    }

    /// <summary>
    /// The rule of a fixed, silo or list spec. Adaptive peaks depend on measurements (see <see cref="AdaptivePeak"/>),
    /// so asking for them here is an <see cref="InvalidOperationException"/>.
    /// </summary>
    /// <param name="p">The <c>peak</c> section.</param>
    /// <param name="densePeak">The peak of level 0 (<c>optimizer.lr</c>, SILO's ε).</param>
    /// <param name="rate">The fraction pruned per level (<c>pruning.rate</c>, SILO's p).</param>
    public static IPeakSchedule KnownInAdvance(PeakSpec p, double densePeak, double rate)
    {
        ArgumentNullException.ThrowIfNull(p);
        return p.Name switch
        {
            "fixed" => new FixedPeak(densePeak),
            "silo" => new SiloPeak(densePeak, p.Delta, rate, p.Q, p.Beta),
            "list" => new ListPeak(densePeak, p.Values),
            "adaptive" => throw new InvalidOperationException("Adaptive peaks are decided during the run from recorded statistics."),
            _ => throw new RewindUserException($"peak.name: '{p.Name}' is not a peak rule; choose one of {string.Join(", ", Names)}."),
        };
    }

    /// <summary>
    /// Checks the peak section against the run: settings the chosen rule would ignore, a list shorter than the pruned
    /// levels, min_factor above max_factor, and SILO's parameters (Eq. 3's domain). Throws
    /// <see cref="RewindUserException"/> naming the <c>peak.*</c> key.
    /// </summary>
    /// <param name="p">The <c>peak</c> section.</param>
    /// <param name="densePeak">The peak of level 0 (<c>optimizer.lr</c>).</param>
    /// <param name="rate">The fraction pruned per level (<c>pruning.rate</c>).</param>
    /// <param name="prunedLevels">How many pruned levels the run trains (levels 1..prunedLevels).</param>
    public static void Validate(PeakSpec p, double densePeak, double rate, int prunedLevels)
    {
        ArgumentNullException.ThrowIfNull(p);
        var defaults = new PeakSpec();
        if (!Names.Contains(p.Name))
            throw new RewindUserException($"peak.name: '{p.Name}' is not a peak rule; choose one of {string.Join(", ", Names)}.");
        if (p.Name != "silo")
        {
            if (p.Delta != defaults.Delta) throw Unused("peak.delta", Num(p.Delta), p.Name, "silo");
            if (p.Q != defaults.Q) throw Unused("peak.q", p.Q.ToString(CultureInfo.InvariantCulture), p.Name, "silo");
            if (p.Beta != defaults.Beta) throw Unused("peak.beta", Num(p.Beta), p.Name, "silo");
        }
        if (p.Name != "list" && p.Values.Count > 0)
            throw Unused("peak.values", "[" + string.Join(", ", p.Values.Select(Num)) + "]", p.Name, "list");
        if (p.Name != "adaptive")
        {
            if (p.Statistic != defaults.Statistic) throw Unused("peak.statistic", p.Statistic, p.Name, "adaptive");
            if (p.MinFactor != defaults.MinFactor) throw Unused("peak.min_factor", Num(p.MinFactor), p.Name, "adaptive");
            if (p.MaxFactor != defaults.MaxFactor) throw Unused("peak.max_factor", Num(p.MaxFactor), p.Name, "adaptive");
        }
        switch (p.Name)
        {
            case "silo":
                if (!(p.Delta > 0))
                    throw new RewindUserException(
                        $"peak.delta: SILO needs a growth δ > 0 (Paper B: 0.04 for ResNet-20, 0.06 for VGG-19); with {Num(p.Delta)} use peak.name fixed.");
                _ = KnownInAdvance(p, densePeak, rate); // Eq. 3's own checks
                break;
            case "list":
                if (p.Values.Count < prunedLevels)
                    throw new RewindUserException(
                        $"peak.values: has {p.Values.Count} value(s) but the run trains {prunedLevels} pruned level(s) (pruning.levels); " +
                        "give one peak per pruned level (level 0 uses optimizer.lr).");
                _ = KnownInAdvance(p, densePeak, rate);
                break;
            case "adaptive":
                if (p.MaxFactor < p.MinFactor)
                    throw new RewindUserException(
                        $"peak.max_factor: {Num(p.MaxFactor)} is below peak.min_factor {Num(p.MinFactor)}; the allowed range of the factor would be empty.");
                break;
        }
    }

    /// <summary>The peaks of levels 0..<paramref name="lastLevel"/> of a rule known in advance.</summary>
    public static IReadOnlyList<double> Peaks(PeakSpec p, double densePeak, double rate, int lastLevel)
    {
        var rule = KnownInAdvance(p, densePeak, rate);
        return Enumerable.Range(0, lastLevel + 1).Select(rule.Peak).ToArray();
    }

    /// <summary>One line describing the rule, e.g. <c>silo (ε 0.03, δ 0.04, q 1, β 5, p 0.2)</c>.</summary>
    public static string Describe(PeakSpec p, double densePeak, double rate)
    {
        ArgumentNullException.ThrowIfNull(p);
        string lr = Num(densePeak);
        return p.Name switch
        {
            "fixed" => $"fixed ({lr} at every level)",
            "silo" => $"silo (ε {lr}, δ {Num(p.Delta)}, q {p.Q}, β {Num(p.Beta)}, p {Num(rate)})",
            "list" => $"list ({lr}, then {string.Join(", ", p.Values.Select(Num))})",
            "adaptive" => $"adaptive ({p.Statistic}; {lr} × √(s₀/s₍ₘ₋₁₎) within [{Num(p.MinFactor)}, {Num(p.MaxFactor)}] × {lr})",
            _ => p.Name,
        };
    }

    private static RewindUserException Unused(string key, string value, string name, string users) =>
        new($"{key}: {value} has no effect with peak.name '{name}' (it is used by {users}); remove it or change peak.name.");

    private static string Num(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
