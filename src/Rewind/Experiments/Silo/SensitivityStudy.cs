using System.Globalization;
using System.Text;
using Rewind.Reporting;
using Rewind.Runs;
using Rewind.Schedules;
using Rewind.Specs;
using Rewind.Training;

namespace Rewind.Experiments.Silo;

/// <summary>
/// <c>rewind experiment silo-sensitivity</c>: SILO's delay q and steepness β (Paper B §5.3, Tables 8–9), each (q, β)
/// beside the LR warm-up it grows from. Every SILO arm shares levels 0..q with the warm-up arm (same peaks there).
/// </summary>
public sealed class SensitivityStudy : SiloStudy
{
    /// <inheritdoc/>
    public override string Name => StudyName;

    /// <inheritdoc/>
    public override string Summary => "Paper B Tables 8–9: SILO's q × β beside LR warm-up.";

    /// <inheritdoc/>
    public override IReadOnlyList<StudyParameter> Parameters { get; } =
        [new("pairs", "q:β pairs, comma-separated (default: Paper B's 1:5,2:5,3:4,1:3,1:7,5:5).", "1:5,2:5,3:4,1:3,1:7,5:5")];

    /// <inheritdoc/>
    public override IReadOnlyList<StudyArm> Arms(StudyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Arms(context.BaseSpec, ParsePairs(context.Definition.Parameter("pairs") ?? Parameters[0].Default!));
    }

    /// <inheritdoc/>
    protected override string Title(StudyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return $"SILO sensitivity to q and β: {context.BaseSpec.Model.Name} on {context.BaseSpec.Data.Name} (Paper B Tables 8–9 at CPU scale)";
    }

    /// <inheritdoc/>
    protected override IEnumerable<string> StudySections(StudyContext context, SiloReport report)
    {
        yield return GridSection(report, Arms(context));
    }

    /// <summary>The study's name on the command line.</summary>
    public const string StudyName = "silo-sensitivity";

    /// <summary>Paper B's (q, β) pairs (Tables 8–9).</summary>
    public static IReadOnlyList<(int Q, double Beta)> PaperPairs { get; } = [(1, 5), (2, 5), (3, 4), (1, 3), (1, 7), (5, 5)];

    /// <summary>The label of a (q, β) arm, e.g. <c>q1-b5</c>.</summary>
    public static string Label(int q, double beta) => string.Create(CultureInfo.InvariantCulture, $"q{q}-b{beta:0.###}");

    /// <summary>The arms: warmup (fixed peak ε), then one SILO arm per pair.</summary>
    public static IReadOnlyList<StudyArm> Arms(RunSpec baseSpec, IReadOnlyList<(int Q, double Beta)> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var silo = RequireSilo(baseSpec, StudyName);
        if (pairs.Count == 0) throw new RewindUserException("--pairs: name at least one q:β pair, e.g. 1:5.");
        var arms = new List<StudyArm> { new("warmup", silo with { Peak = new PeakSpec() }) };
        foreach (var (q, beta) in pairs.Distinct())
        {
            if (q < 0) throw new RewindUserException($"--pairs: q = {q} is not allowed; q counts levels, so it is 0 or more (Paper B: [0, 3]).");
            if (!(beta > 0) || !double.IsFinite(beta))
                throw new RewindUserException($"--pairs: β = {beta.ToString("R", CultureInfo.InvariantCulture)} is not allowed; β must be > 0 (Paper B: [3, 6]).");
            arms.Add(new StudyArm(Label(q, beta), silo with { Peak = silo.Peak with { Q = q, Beta = beta } }, ReuseFrom: "warmup"));
        }
        return arms;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<StudyFinding> Findings(StudyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var arms = Arms(context).Where(a => a.Spec.Peak.Name == "silo").Select(a => a.Label).ToArray();
        var reference = Label(1, 5);
        if (!arms.Contains(reference) || arms.Length < 2) return [];
        var results = context.Results(arms);
        var (_, metric) = PrimaryMetric(results);
        var pairs = PairedReport.Compare(results, metric, 0.2, arms.Where(a => a != reference).Select(a => (a, reference)).ToArray());
        const double margin = 0.5;
        var verdicts = pairs.Select(p => (p, Claims: p.OverLevels.HasInterval && p.OverLevels.Lower >= -margin && p.OverLevels.Upper <= margin ? 1
            : p.OverLevels.HasInterval && (p.OverLevels.Lower > margin || p.OverLevels.Upper < -margin) ? -1 : 0)).ToArray();
        string verdict = verdicts.All(v => v.Claims == 1) ? StudyFinding.Held : verdicts.Any(v => v.Claims == -1) ? StudyFinding.NotHeld : StudyFinding.Undecided;
        return [new StudyFinding("q-beta-insensitive", verdict, "mean difference to (q, β) = (1, 5) over the pruned levels, points [95% interval]: " +
            string.Join("; ", pairs.Select(p => string.Create(CultureInfo.InvariantCulture,
                $"{p.A} {p.OverLevels.Mean:0.00} [{p.OverLevels.Lower:0.00}, {p.OverLevels.Upper:0.00}]"))) + $"; margin ±{margin} points")];
    }

    /// <summary>Parses <c>q:β</c> pairs such as <c>1:5,2:5,3:4</c>.</summary>
    public static IReadOnlyList<(int Q, double Beta)> ParsePairs(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var pairs = new List<(int, double)>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var qb = part.Split(':');
            if (qb.Length != 2 || !int.TryParse(qb[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int q) ||
                !double.TryParse(qb[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double beta))
                throw new RewindUserException($"--pairs: '{part}' is not a q:β pair; write e.g. 1:5,2:5,3:4 (Paper B Tables 8–9).");
            pairs.Add((q, beta));
        }
        return pairs;
    }

    /// <summary>"## The (q, β) grid": each arm's mean accuracy over the pruned levels and at the last, against warm-up.</summary>
    public static string GridSection(SiloReport report, IReadOnlyList<StudyArm> arms)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(arms);
        var pruned = report.Levels.Where(l => l > 0).ToArray();
        var md = new StringBuilder("## The (q, β) grid\n\n");
        if (pruned.Length == 0) return md.Append("No pruned level has finished yet.\n\n").ToString();
        bool early = report.HasValidation;
        Func<LevelSummary, double> metric = early ? l => l.EarlyStopTestAccuracy : l => l.TestAccuracy;
        int last = pruned[^1];
        md.Append(early ? "Early-stop" : "Final").Append(" test accuracy (%), mean over seeds: averaged over the pruned levels ")
          .Append(pruned[0]).Append('–').Append(last).Append(", and at the last level ").Append(last)
          .Append(" (").Append(PercentFormat(report.DensityOf(last))).Append("% of weights remaining) with its standard deviation; ")
          .Append("Δ = difference to the warm-up arm. Paper B (ResNet-20, Table 8) found (1, 5) and (1, 3) best and (1, 7), (5, 5) ")
          .Append("closest to plain warm-up, i.e. growing too steeply or too late loses most of SILO's gain.\n\n");
        double warmMean = report.MeanOver("warmup", pruned, metric);
        var warmLast = report.Estimate("warmup", last, metric);
        Reporting.Markdown.Table(md, ["arm", "q", "β", "mean over pruned levels", "Δ", $"level {last}", "Δ"],
            arms.Where(a => report.Arms.Contains(a.Label)).Select(a =>
            {
                double mean = report.MeanOver(a.Label, pruned, metric);
                var atLast = report.Estimate(a.Label, last, metric);
                bool isSilo = a.Spec.Peak.Name == "silo";
                return (IReadOnlyList<string>)[
                    a.Label,
                    isSilo ? a.Spec.Peak.Q.ToString(CultureInfo.InvariantCulture) : "–",
                    isSilo ? a.Spec.Peak.Beta.ToString("0.###", CultureInfo.InvariantCulture) : "–",
                    Pct(mean), isSilo ? Signed(mean - warmMean) : "",
                    atLast is null ? "–" : $"{Pct(atLast.Mean)} ± {Pct(atLast.Std)}",
                    isSilo && atLast is not null && warmLast is not null ? Signed(atLast.Mean - warmLast.Mean) : "",
                ];
            }));
        return md.Append('\n').ToString();
    }

    private static string PercentFormat(double fraction) => Reporting.PercentFormat.Density(fraction);
    private static string Pct(double fraction) => Reporting.PercentFormat.TwoDecimals(fraction);
    private static string Signed(double fraction) =>
        double.IsFinite(fraction) ? (fraction >= 0 ? "+" : "") + (fraction * 100).ToString("F2", CultureInfo.InvariantCulture) : "–";
}
