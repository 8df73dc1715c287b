using System.Globalization;
using System.Text;
using System.Text.Json;
using Rewind.Analysis;
using Rewind.Analysis.Theory;
using Rewind.Reporting;
using Rewind.Runs;
using Rewind.Schedules;
using Rewind.Specs;
using Rewind.Storage;
using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Experiments.Silo;

/// <summary>
/// <c>rewind experiment silo-theory</c>: Paper B §6.5–§6.6 (Appendix B). On the two-layer ReLU network of Appendix B,
/// both layers magnitude-pruned layer-wise to total fractions τ: Theorem 1's bound C(σ_X, σ_W, τ) against the measured
/// 4·E_AA; Theorem 2's E_WG after one gradient step (averaged over W2 initialisations) against C; and Remark 2's relative
/// learning rate √(C_0/C_k) beside the SILO S-curve and the measured √(E_WG,0/E_WG,k). No training run is involved; each
/// seed is an independent draw of X, W1, b, W0 and the W2 initialisations.
/// </summary>
public sealed class TheoryStudy : Study
{
    private const string DrawsFile = "theory.json";

    /// <inheritdoc/>
    public override string Name => StudyName;

    /// <inheritdoc/>
    public override string Summary =>
        "Paper B Appendix B: Theorem 1's bound C against the measured 4·E_AA, Theorem 2's E_WG, and Remark 2's √(C_0/C_k) beside SILO's S-curve.";

    /// <inheritdoc/>
    public override StudyBaseKind BaseKind => StudyBaseKind.Settings;

    /// <inheritdoc/>
    public override int DefaultSeeds => 3;

    /// <inheritdoc/>
    public override string BaseYaml(string? specFileOrPreset, IReadOnlyList<string> overrides)
    {
        if (specFileOrPreset is not null)
            throw new RewindUserException("--spec: the silo-theory study has no run spec; change its settings with --set key=value (see --help).");
        return SpecWriter.ToYaml(Settings(overrides), SpecModel.For(typeof(TheorySettings)), withHelp: false);
    }

    /// <summary>The study's settings as recorded in its definition.</summary>
    public static TheorySettings SettingsOf(StudyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return SpecLoader.FromYaml<TheorySettings>(context.Definition.BaseYaml, context.PathOf(StudyDefinition.FileName), []);
    }

    /// <inheritdoc/>
    public override IReadOnlyList<PlannedRun> Plan(StudyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Seeds.Count == 0) throw new RewindUserException("--seeds: at least one seed is needed.");
        _ = SettingsOf(context);
        return []; // no training run: every draw is measured in this process
    }

    /// <inheritdoc/>
    public override void Compute(StudyContext context)
    {
        var s = SettingsOf(context);
        var taus = AllTaus(s);
        var draws = context.Seeds.Select(seed => Measure(s, taus, seed)).ToArray();
        WriteCsv(context.PathOf("theory.csv"), taus, draws);
        AtomicFile.WriteAllText(context.PathOf(DrawsFile), JsonSerializer.Serialize(draws, Json.Options) + "\n");
    }

    /// <inheritdoc/>
    public override string WriteReport(StudyContext context)
    {
        var s = SettingsOf(context);
        var path = context.PathOf(DrawsFile);
        if (!File.Exists(path)) throw new RewindUserException($"{context.Directory}: no {DrawsFile} yet; run the study to measure it.");
        var draws = JsonSerializer.Deserialize<TheoryPoint[][]>(File.ReadAllText(path), Json.Options)
                    ?? throw new RewindUserException($"{path}: empty; rerun the study.");
        var report = context.PathOf("report.md");
        AtomicFile.WriteAllText(report, Report(context.Directory, s, context.Seeds, AllTaus(s), LevelTaus(s), draws));
        return report;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<StudyFinding> Findings(StudyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = context.PathOf(DrawsFile);
        if (!File.Exists(path)) return [];
        var draws = JsonSerializer.Deserialize<TheoryPoint[][]>(File.ReadAllText(path), Json.Options) ?? [];
        var points = draws.SelectMany(d => d).ToArray();
        if (points.Length == 0) return [];
        int holds = points.Count(p => p.FourEaa >= p.Bound);
        var ratios = points.Select(p => p.FourEaa / p.Bound).ToArray();
        return [new StudyFinding("theorem-1", holds == points.Length ? StudyFinding.Held : StudyFinding.NotHeld, string.Create(CultureInfo.InvariantCulture,
            $"4·E_AA ≥ C in {holds} of {points.Length} (τ, draw) cases; 4·E_AA / C ∈ [{ratios.Min():0.000}, {ratios.Max():0.000}]"))];
    }

    private static double[] AllTaus(TheorySettings s) => s.Taus.Concat(LevelTaus(s)).Distinct().Order().ToArray();

    /// <summary>The study's name on the command line.</summary>
    public const string StudyName = "silo-theory";

    private const long DrawTag = 0x7E0E;

    /// <summary>The settings with <c>--set key=value</c> overrides applied and validated.</summary>
    public static TheorySettings Settings(IEnumerable<string> overrides) =>
        SpecLoader.Apply(new TheorySettings(), overrides, "--set");

    /// <summary>τ_k = 1 − (1 − p)^k for k = 0..levels (Remark 2's levels).</summary>
    public static IReadOnlyList<double> LevelTaus(TheorySettings s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return Enumerable.Range(0, s.Levels + 1).Select(k => SiloTheory.TotalPrunedFraction(s.Rate, k)).ToArray();
    }

    /// <summary>Theorem 1's bound at a total pruned fraction τ: <c>σ_W² + d·σ_X²·σ_W²·F(τ)</c> (pure).</summary>
    public static double Bound(double sigmaX, double sigmaW, int d, double tau) =>
        sigmaW * sigmaW + d * sigmaX * sigmaX * sigmaW * sigmaW * SiloTheory.F(tau);

    /// <summary>
    /// A 0/1 mask of the same shape keeping all but the ⌊τ·n⌋ smallest magnitudes of <paramref name="weights"/> (ties
    /// by index), per slice along dimension 0 when <paramref name="perSlice"/> (each W2 initialisation on its own).
    /// </summary>
    public static Tensor MagnitudeMask(Tensor weights, double tau, bool perSlice = false)
    {
        ArgumentNullException.ThrowIfNull(weights);
        using var scope = NewDisposeScope();
        var flat = perSlice ? weights.flatten(1) : weights.flatten().unsqueeze(0);
        long n = flat.shape[1];
        long pruned = (long)Math.Floor(tau * n);
        var mask = ones_like(flat);
        if (pruned > 0)
        {
            var (_, order) = flat.abs().sort(dim: 1, stable: true);
            mask.scatter_(1, order.narrow(1, 0, pruned), zeros(flat.shape[0], pruned, dtype: flat.dtype));
        }
        return mask.reshape(weights.shape).MoveToOuterDisposeScope();
    }

    /// <summary>Measures every τ of <paramref name="taus"/> on one draw (seed).</summary>
    public static IReadOnlyList<TheoryPoint> Measure(TheorySettings s, IReadOnlyList<double> taus, int seed)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(taus);
        using var scope = NewDisposeScope();
        using var g = new Generator(SeedMix.ForTorch(SeedMix.Combine(DrawTag, seed)));
        using Scalar sigmaX = s.SigmaX, sigmaW = s.SigmaW, samples = s.Samples, lr = s.Lr;
        var x = randn([s.Samples, s.Inputs], dtype: ScalarType.Float32, generator: g).mul_(sigmaX);
        var w1 = randn([s.Hidden, s.Inputs], dtype: ScalarType.Float32, generator: g).mul_(sigmaW);
        var b = randn([s.Hidden], dtype: ScalarType.Float32, generator: g).mul_(sigmaW);
        var w0 = randn([s.Inputs, s.Outputs], dtype: ScalarType.Float32, generator: g);
        var w2 = randn([s.Inits, s.Outputs, s.Hidden], dtype: ScalarType.Float32, generator: g).mul_(sigmaW);
        var y = nn.functional.one_hot(x.matmul(w0).argmax(1), s.Outputs).to(ScalarType.Float32);

        var points = new List<TheoryPoint>();
        foreach (double tau in taus)
        {
            using var inner = NewDisposeScope();
            var h = nn.functional.relu(x.matmul(w1.mul(MagnitudeMask(w1, tau)).t()).add(b, Scalars.One));
            double fourEaa = 4 * h.pow(Scalars.Two).to(ScalarType.Float64).mean().item<double>();

            // Theorem 2: one full-batch gradient step on W2 (cross-entropy), for every initialisation at once.
            var m2 = MagnitudeMask(w2, tau, perSlice: true);
            var w2p = w2.mul(m2);
            var p = h.matmul(w2p.transpose(1, 2)).softmax(-1);                    // [inits, samples, outputs]
            var grad = p.sub(y).transpose(1, 2).matmul(h).div(samples).mul(m2);    // [inits, outputs, hidden]
            var ewg = grad.mul(lr).pow(Scalars.Two).to(ScalarType.Float64).sum([1, 2]).div(m2.sum([1, 2]));     // mean over active weights
            points.Add(new TheoryPoint(tau, Bound(s.SigmaX, s.SigmaW, s.Inputs, tau), fourEaa, ewg.mean().item<double>()));
        }
        return points;
    }

    private static Estimate At(IReadOnlyList<IReadOnlyList<TheoryPoint>> draws, double tau, Func<TheoryPoint, double> f) =>
        Statistics.ConfidenceInterval95(draws.Select(d => f(d.First(p => p.Tau == tau))).ToArray());

    private static void WriteCsv(string path, IReadOnlyList<double> taus, IReadOnlyList<IReadOnlyList<TheoryPoint>> draws)
    {
        var sb = new StringBuilder("tau,bound_c,four_e_aa_mean,four_e_aa_ci95,ratio_mean,e_wg_mean,e_wg_ci95,seeds\n");
        foreach (double tau in taus)
        {
            var eaa = At(draws, tau, p => p.FourEaa);
            var ratio = At(draws, tau, p => p.FourEaa / p.Bound);
            var ewg = At(draws, tau, p => p.WeightChange);
            sb.Append(Csv.Double(tau)).Append(',').Append(Csv.Double(draws[0].First(p => p.Tau == tau).Bound)).Append(',')
              .Append(Csv.Double(eaa.Mean)).Append(',').Append(Csv.Double(eaa.HalfWidth)).Append(',').Append(Csv.Double(ratio.Mean)).Append(',')
              .Append(Csv.Double(ewg.Mean)).Append(',').Append(Csv.Double(ewg.HalfWidth)).Append(',').Append(Csv.Int(draws.Count)).Append('\n');
        }
        AtomicFile.WriteAllText(path, sb.ToString());
    }

    private static string Report(string outDir, TheorySettings s, IReadOnlyList<int> seeds, IReadOnlyList<double> taus,
        IReadOnlyList<double> levelTaus, IReadOnlyList<IReadOnlyList<TheoryPoint>> draws)
    {
        static string N(double x) => x.ToString("G5", CultureInfo.InvariantCulture);
        var md = new StringBuilder($"# SILO theory on the two-layer network of Paper B Appendix B\n\n");
        md.Append("## What was run\n\n")
          .Append(string.Create(CultureInfo.InvariantCulture,
              $"A two-layer ReLU network with d = {s.Inputs} inputs, {s.Hidden} hidden units and {s.Outputs} outputs; X ~ N(0, {s.SigmaX}² I) ({s.Samples} samples), "))
          .Append(string.Create(CultureInfo.InvariantCulture,
              $"W1, b, W2 ~ N(0, {s.SigmaW}²), labels argmax(W0ᵀX) for a random W0. Both layers are magnitude-pruned layer-wise to the total fraction τ (b is not pruned). "))
          .Append(string.Create(CultureInfo.InvariantCulture,
              $"Theorem 2's check takes one full-batch gradient step of LR {s.Lr} on the cross-entropy with respect to W2, averaged over {s.Inits} initialisations of W2. "))
          .Append($"{seeds.Count} independent draw(s) (seeds {string.Join(", ", seeds)}); ± is the half-width of the 95% interval over draws. ")
          .Append("The numbers are in `theory.csv`; the settings in `study.yaml`.\n\n");

        // Theorem 1.
        md.Append("## Theorem 1: 4·E_AA ≥ C\n\n");
        Markdown.Table(md, ["τ", "C", "measured 4·E_AA", "4·E_AA / C", "holds"], s.Taus.Distinct().Order().Select(tau =>
        {
            var eaa = At(draws, tau, p => p.FourEaa);
            var ratio = At(draws, tau, p => p.FourEaa / p.Bound);
            bool holds = draws.All(d => d.First(p => p.Tau == tau) is var p && p.FourEaa >= p.Bound);
            return (IReadOnlyList<string>)[N(tau), N(draws[0].First(p => p.Tau == tau).Bound), $"{N(eaa.Mean)} ± {N(eaa.HalfWidth)}",
                $"{ratio.Mean:0.000}".Replace(',', '.'), holds ? "yes" : "**no**"];
        }));
        var ratios = taus.Select(t => At(draws, t, p => p.FourEaa / p.Bound).Mean).ToArray();
        md.Append('\n').Append(string.Create(CultureInfo.InvariantCulture,
            $"The bound holds at every τ measured in {taus.Count(t => draws.All(d => d.First(p => p.Tau == t) is var p && p.FourEaa >= p.Bound))} of {taus.Count} cases; "))
          .Append(string.Create(CultureInfo.InvariantCulture,
            $"4·E_AA / C ranges over [{ratios.Min():0.000}, {ratios.Max():0.000}]. C is E[z²] of a pre-activation z exactly, and E[ReLU(z)²] = E[z²]/2 "))
          .Append("for a symmetric z, so 4·E_AA ≈ 2·C: the bound holds with a factor of about 2 to spare, and it follows the measured curve's shape in τ.\n\n");
        var tau1 = s.Taus.Distinct().Order().ToArray();
        if (StudyCharts.Lines(Path.Combine(outDir, "plots", "theorem1.png"), "Theorem 1: measured 4·E_AA and the bound C", "total pruned fraction τ", "value",
            [
                new LineSeries("measured 4·E_AA", taus.ToArray(), taus.Select(t => At(draws, t, p => p.FourEaa).Mean).ToArray(),
                    taus.Select(t => At(draws, t, p => p.FourEaa).Lower).ToArray(), taus.Select(t => At(draws, t, p => p.FourEaa).Upper).ToArray()),
                new LineSeries("bound C(σ_X, σ_W, τ)", taus.ToArray(), taus.Select(t => draws[0].First(p => p.Tau == t).Bound).ToArray(), Dashed: true),
            ]))
            md.Append("![Theorem 1](plots/theorem1.png)\n\n");

        // Theorem 2.
        md.Append("## Theorem 2: E_WG ∝ C\n\n");
        double gamma0 = At(draws, tau1[0], p => p.WeightChange / (s.Lr * s.Lr * p.Bound)).Mean;
        Markdown.Table(md, ["τ", "C", "E_WG", "γ̂ = E_WG / (α²·C)", "γ̂ relative to τ = " + N(tau1[0])], tau1.Select(tau =>
        {
            var ewg = At(draws, tau, p => p.WeightChange);
            var gamma = At(draws, tau, p => p.WeightChange / (s.Lr * s.Lr * p.Bound));
            return (IReadOnlyList<string>)[N(tau), N(draws[0].First(p => p.Tau == tau).Bound), $"{N(ewg.Mean)} ± {N(ewg.HalfWidth)}", N(gamma.Mean),
                (gamma.Mean / gamma0).ToString("0.000", CultureInfo.InvariantCulture)];
        }));
        var gammas = tau1.Select(t => At(draws, t, p => p.WeightChange / (s.Lr * s.Lr * p.Bound)).Mean / gamma0).ToArray();
        md.Append('\n').Append(string.Create(CultureInfo.InvariantCulture,
            $"If E_WG were exactly proportional to C, the last column would be 1 throughout; measured it ranges over [{gammas.Min():0.000}, {gammas.Max():0.000}]. "))
          .Append("Theorem 2 only claims E_WG ≥ α²·γ·C for some constant γ, which holds with γ = the smallest γ̂.\n\n");
        if (StudyCharts.Lines(Path.Combine(outDir, "plots", "theorem2.png"), "Theorem 2: E_WG after one step, and α²·γ̂·C", "total pruned fraction τ", "E_WG",
            [
                new LineSeries("measured E_WG", taus.ToArray(), taus.Select(t => At(draws, t, p => p.WeightChange).Mean).ToArray()),
                new LineSeries($"α²·γ̂·C (γ̂ fitted at τ = {N(tau1[0])})", taus.ToArray(),
                    taus.Select(t => s.Lr * s.Lr * gamma0 * draws[0].First(p => p.Tau == t).Bound).ToArray(), Dashed: true),
            ]))
            md.Append("![Theorem 2](plots/theorem2.png)\n\n");

        // Remark 2 beside SILO.
        md.Append("## Remark 2's relative learning rate beside SILO\n\n");
        var silo = new SiloPeak(s.Epsilon, s.Delta, s.Rate, s.Q, s.Beta);
        var ks = Enumerable.Range(0, s.Levels + 1).ToArray();
        double[] remark = ks.Select(k => Math.Sqrt(Bound(s.SigmaX, s.SigmaW, s.Inputs, 0) / Bound(s.SigmaX, s.SigmaW, s.Inputs, levelTaus[k]))).ToArray();
        double[] remarkUnit = ks.Select(k => SiloTheory.RelativeLearningRate(k, 1, 1, 1, s.Rate)).ToArray();
        double[] measured = ks.Select(k => Math.Sqrt(At(draws, levelTaus[0], p => p.WeightChange).Mean / At(draws, levelTaus[k], p => p.WeightChange).Mean)).ToArray();
        double[] siloRel = ks.Select(k => silo.Peak(k) / s.Epsilon).ToArray();
        md.Append(string.Create(CultureInfo.InvariantCulture,
            $"To hold E_WG fixed while pruning p = {s.Rate} per level, Remark 2 asks for α_k/α_0 = √(C_0/C_k), τ_k = 1 − (1 − p)^k. "))
          .Append("Columns: that ratio for this network's σ_X, σ_W, d; ")
          .Append(Math.Abs(s.Inputs * s.SigmaX * s.SigmaX - 1) < 1e-12 ? "" : "for σ_X = σ_W = d = 1 (ALGORITHMS §8.5); ")
          .Append("the ratio measured from E_WG at equal LR, ")
          .Append(string.Create(CultureInfo.InvariantCulture, $"√(E_WG,0/E_WG,k); and SILO's max_lr/ε (ε {s.Epsilon}, δ {s.Delta}, q {s.Q}, β {s.Beta}).\n\n"));
        bool sameAsUnit = remark.Zip(remarkUnit).All(p => Math.Abs(p.First - p.Second) < 1e-12);
        Markdown.Table(md, sameAsUnit
                ? ["k", "τ_k", "√(C_0/C_k)", "measured √(E_WG,0/E_WG,k)", "SILO max_lr/ε"]
                : ["k", "τ_k", "√(C_0/C_k)", "√(C_0/C_k), σ=d=1", "measured √(E_WG,0/E_WG,k)", "SILO max_lr/ε"],
            ks.Where(k => k <= 10 || k % 5 == 0).Select(k => (IReadOnlyList<string>)(sameAsUnit
                ? [k.ToString(CultureInfo.InvariantCulture), N(levelTaus[k]), N(remark[k]), N(measured[k]), N(siloRel[k])]
                : [k.ToString(CultureInfo.InvariantCulture), N(levelTaus[k]), N(remark[k]), N(remarkUnit[k]), N(measured[k]), N(siloRel[k])])));
        md.Append('\n');
        if (sameAsUnit)
            md.Append("(Here d·σ_X² = 1, so √(C_0/C_k) is the same curve as ALGORITHMS §8.5's σ_X = σ_W = d = 1 one.) ");
        int k5 = Math.Max(0, s.Levels - 5);
        string Rise(double[] v) => string.Create(CultureInfo.InvariantCulture,
            $"{v[^1]:0.###} at k = {s.Levels} ({(v[k5] == v[0] ? 0 : (v[^1] - v[k5]) / (v[^1] - v[0]) * 100):0}% of its rise in the last {s.Levels - k5} levels)");
        md.Append("Each curve starts at 1 and rises: √(C_0/C_k) to ").Append(Rise(remark))
          .Append("; measured √(E_WG,0/E_WG,k) to ").Append(Rise(measured))
          .Append("; SILO's max_lr/ε to ").Append(Rise(siloRel))
          .Append(". A curve still rising at the end has not saturated in this range. SILO's height is set by δ/ε and its onset by q and β; ")
          .Append("the bound's height by d·σ_X² and its onset by F(τ).\n\n");
        if (StudyCharts.Lines(Path.Combine(outDir, "plots", "relative-lr.png"), "Relative learning rate per level: Remark 2 vs SILO", "pruning level k", "α_k / α_0",
            [
                new LineSeries("√(C_0/C_k), this network", ks.Select(k => (double)k).ToArray(), remark),
                new LineSeries(sameAsUnit ? "" : "√(C_0/C_k), σ_X = σ_W = d = 1", ks.Select(k => (double)k).ToArray(), sameAsUnit ? [] : remarkUnit, Dashed: true),
                new LineSeries("measured √(E_WG,0/E_WG,k)", ks.Select(k => (double)k).ToArray(), measured),
                new LineSeries("SILO max_lr/ε", ks.Select(k => (double)k).ToArray(), siloRel),
            ]))
            md.Append("![Relative learning rate](plots/relative-lr.png)\n\n");
        static double[] Unit(double[] v) => v.Select(x => v[^1] == v[0] ? 0 : (x - v[0]) / (v[^1] - v[0])).ToArray();
        if (StudyCharts.Lines(Path.Combine(outDir, "plots", "relative-lr-shape.png"), "The same curves scaled to [0, 1]: shape only", "pruning level k", "scaled rise",
            [
                new LineSeries("√(C_0/C_k), this network", ks.Select(k => (double)k).ToArray(), Unit(remark)),
                new LineSeries("measured √(E_WG,0/E_WG,k)", ks.Select(k => (double)k).ToArray(), Unit(measured)),
                new LineSeries("SILO max_lr/ε", ks.Select(k => (double)k).ToArray(), Unit(siloRel)),
            ]))
            md.Append("![Shapes of the curves](plots/relative-lr-shape.png)\n\n");
        return md.ToString();
    }
}
