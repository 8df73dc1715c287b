using System.Globalization;
using System.Text;
using Rewind.Analysis;
using Rewind.Pruning;

namespace Rewind.Reporting;

/// <summary>
/// The sign and BatchNorm sections of reports (Paper A Figs. 5, 10–11, 13–14): for one run, its per-level flips and the
/// stabilisation and switch histograms; for a study, the same per arm with 95% intervals over seeds, and the difference of
/// flips between two arms level by level (Fig. 13). Built from the runs' stored records (<c>signs.json</c>,
/// <c>bn-gamma.json</c>, <c>sign-history.json</c>); a run without them gets a hint to run <c>rewind analyze</c>.
/// </summary>
public static class SignsReport
{
    /// <summary>The sign history of a run, read from its record or computed from its stored levels (and then recorded).</summary>
    public static SignHistory? HistoryOf(RunStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var levels = store.CompletedLevels().Count;
        if (levels == 0) return null;
        var recorded = store.ReadRunRecord<SignHistory>(SignHistory.FileName);
        if (recorded is not null && recorded.Levels == levels) return recorded;
        if (!Enumerable.Range(0, levels).All(store.HasFinal) || !store.HasInit) return null;
        var history = SignAnalysis.History(store);
        store.WriteRunRecord(SignHistory.FileName, history);
        return history;
    }

    /// <summary>The per-level sign records of a run (levels without one are skipped).</summary>
    public static IReadOnlyList<LevelSigns> LevelsOf(RunStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.CompletedLevels().Select(l => store.ReadLevelRecord<LevelSigns>(l.Level, LevelSigns.FileName)).OfType<LevelSigns>().ToList();
    }

    /// <summary>"## Signs" of a single run, with its charts written under <paramref name="dir"/>/plots.</summary>
    public static string RunSection(RunStore store, string dir)
    {
        ArgumentNullException.ThrowIfNull(store);
        var levels = LevelsOf(store);
        var md = new StringBuilder("## Signs\n\n");
        if (levels.Count == 0)
            return md.Append("This run has no sign records (it was recorded before they existed); `rewind analyze ").Append(store.Root)
                .Append("` measures them from its stored levels.\n\n").ToString();
        md.Append("Sign flips of the weights each level keeps, at the end of the level, relative to θ(0), to the rewind point and to the end of ")
          .Append("the level before (% of the kept weights; Paper A Figs. 5, 13).\n\n");
        Markdown.Table(md, ["level", "density (%)", "kept", "vs θ(0) (%)", "vs rewind point (%)", "vs level before (%)"],
            levels.Select(l => (IReadOnlyList<string>)[
                l.Level.ToString(CultureInfo.InvariantCulture), PercentFormat.Density(l.Density), Markdown.Count(l.Alive),
                PercentFormat.TwoDecimals(Fraction(l.FlipsVsInit, l.Alive)), PercentFormat.TwoDecimals(Fraction(l.FlipsVsRewind, l.Alive)),
                PercentFormat.TwoDecimals(Fraction(l.FlipsVsPrevious, l.Alive))]));
        md.Append('\n');
        double[] x = levels.Select(l => (double)l.Level).ToArray();
        if (StudyCharts.Lines(Path.Combine(dir, "plots", "sign-flips.png"), "Sign flips of kept weights", "pruning level", "flipped (% of kept weights)",
                [
                    new LineSeries("vs θ(0)", x, levels.Select(l => 100 * Fraction(l.FlipsVsInit, l.Alive)).ToArray()),
                    new LineSeries("vs level before", x, levels.Select(l => 100 * Fraction(l.FlipsVsPrevious, l.Alive)).ToArray()),
                ]))
            md.Append("![Sign flips per level](plots/sign-flips.png)\n\n");
        if (HistoryOf(store) is { } history)
        {
            md.Append(HistoryText(history));
            if (StudyCharts.Bars(Path.Combine(dir, "plots", "sign-stabilisation.png"), "Level at which each kept weight's sign last changed",
                    "pruning level", "weights (%)", StabilisationCategories(history.Levels), [("this run", Percentages(history.LastChange, history.Weights))]))
                md.Append("![Stabilisation levels](plots/sign-stabilisation.png)\n\n");
        }
        return md.ToString();
    }

    /// <summary>"## BatchNorm γ" of a single run (only for networks with BatchNorm): channels near zero per layer and level.</summary>
    public static string BatchNormSection(RunStore store, string dir)
    {
        ArgumentNullException.ThrowIfNull(store);
        var levels = store.CompletedLevels().Select(l => store.ReadLevelRecord<BatchNormGammas>(l.Level, BatchNormGammas.FileName)).OfType<BatchNormGammas>().ToList();
        if (levels.Count == 0) return "";
        var md = new StringBuilder("## BatchNorm γ\n\n");
        md.Append("Fraction of each BatchNorm layer's channels with |γ| < ").Append(BatchNormAnalysis.NearZero.ToString(CultureInfo.InvariantCulture))
          .Append(" at the end of each level (%): channels a layer has switched off (Paper A Figs. 10–11).\n\n");
        var layers = levels[^1].Layers.Select(l => l.Name).ToList();
        var shown = levels.Count <= 6 ? levels : levels.Where((_, i) => i % Math.Max(1, levels.Count / 5) == 0 || i == levels.Count - 1).ToList();
        Markdown.Table(md, ["layer", .. shown.Select(l => $"level {l.Level} ({PercentFormat.Density(l.Density)}%)")],
            layers.Select(name => (IReadOnlyList<string>)[name, .. shown.Select(l =>
                l.Layers.FirstOrDefault(x => x.Name == name) is { } layer ? PercentFormat.TwoDecimals(layer.NearZeroFraction) : "–")]));
        md.Append('\n');
        var last = levels[^1];
        if (StudyCharts.Histograms(Path.Combine(dir, "plots", "bn-gamma.png"), $"BatchNorm γ per layer at level {last.Level} ({PercentFormat.Density(last.Density)}% density)",
                "γ", last.Layers.Select(l => new HistogramSeries(l.Name, l.Histogram)).ToArray()))
            md.Append("![BatchNorm γ distributions](plots/bn-gamma.png)\n\n");
        return md.ToString();
    }

    /// <summary>Category labels of the stabilisation histogram: "never", then level 0..levels−1.</summary>
    public static IReadOnlyList<string> StabilisationCategories(int levels) =>
        ["never", .. Enumerable.Range(0, levels).Select(l => l.ToString(CultureInfo.InvariantCulture))];

    /// <summary>Counts as percentages of <paramref name="total"/>.</summary>
    public static double[] Percentages(IReadOnlyList<long> counts, long total)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return counts.Select(c => total == 0 ? double.NaN : 100.0 * c / total).ToArray();
    }

    private static string HistoryText(SignHistory h)
    {
        int early = Math.Min(2, h.Levels - 1);
        int mostSwitches = Enumerable.Range(0, h.Switches.Count).Where(i => h.Switches[i] > 0).DefaultIfEmpty(0).Max();
        return string.Create(CultureInfo.InvariantCulture,
            $"Of the {Markdown.Count(h.Weights)} weights kept at the last level, {100 * h.StableBy(early):0.#}% had their final sign by the end of level {early} " +
            $"({100.0 * h.LastChange[0] / Math.Max(1, h.Weights):0.#}% never changed sign); {100.0 * h.Switches.Skip(2).Sum() / Math.Max(1, h.Weights):0.#}% " +
            $"changed sign more than once (at most {mostSwitches} times).\n\n");
    }

    private static double Fraction(long part, long whole) => whole == 0 ? double.NaN : (double)part / whole;
}
