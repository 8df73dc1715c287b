using System.Diagnostics;
using System.Globalization;
using Rewind.Analysis;

namespace Rewind.Experiments.SingleNeuron;

/// <summary>
/// Paper A's single-hidden-neuron experiment (§2.3, Figs. 2a and 18; ALGORITHMS.md §5.10): train
/// <c>f(x) = a·ReLU(wᵀx)</c> on <c>y = ReLU(x_1) + ζ</c> from a balanced start in each of the four sign cases of
/// (a(0), w_1(0)), then prune w by magnitude over a few levels down to one input, rewinding to the initial values
/// (IMP) or continuing (LRR), and record the final objective.
/// </summary>
/// <remarks>
/// Per (d, run): one data set (n samples, x ~ N(0, I/d), σ² noise) and one draw w(0) ~ N(0, I/d); the four sign cases
/// are realised from that draw by setting w_1(0) = ±|w_1| and a(0) = ±‖w(0)‖, so a(0)² = ‖w(0)‖² (balanced) and the
/// cases are paired. The dense training is shared by IMP and LRR. Level l prunes to the count of
/// <see cref="SingleNeuronPruning.KeptCounts"/> by global |w| magnitude (a is never pruned); IMP then restarts from
/// (a(0), w(0)⊙mask), LRR from the trained (a, w⊙mask). Call <see cref="Run"/>, then <see cref="SingleNeuronReport.Write"/>.
/// </remarks>
public static class SingleNeuronExperiment
{
    // Stream tags: every data set and initialisation is SeedMix.Combine(tag, seed, d, run), independent of run order.
    private const long DataTag = 0x5E0D47A;
    private const long InitTag = 0x5E01417;

    /// <summary>Runs the experiment (validating <paramref name="options"/> first) and aggregates the runs (Paper A §2.3).</summary>
    /// <param name="options">Settings; <see cref="RewindUserException"/> if one is out of range.</param>
    /// <param name="progress">Receives one line per finished (d, run).</param>
    /// <param name="cancellationToken">Checked between runs.</param>
    public static SingleNeuronResult Run(
        SingleNeuronOptions options, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clock = Stopwatch.StartNew();
        var runs = new List<SingleNeuronRun>();
        var kept = new Dictionary<int, IReadOnlyList<int>>();
        foreach (int d in options.Dims)
        {
            int[] counts = SingleNeuronPruning.KeptCounts(d, options.Levels, options.KeepPerLevel);
            kept[d] = counts;
            for (int r = 0; r < options.Runs; r++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                runs.AddRange(RunOne(options, d, r, counts));
                progress?.Report(string.Create(CultureInfo.InvariantCulture,
                    $"single neuron d={d}: run {r + 1}/{options.Runs} done ({clock.Elapsed.TotalSeconds:F1} s)"));
            }
        }

        var summary = Summarize(runs, options);
        return new SingleNeuronResult(options, kept, runs, summary, SingleNeuronClaim.Evaluate(summary), clock.Elapsed);
    }

    /// <summary>The eight results (4 sign cases × IMP, LRR) of run <paramref name="run"/> at dimension <paramref name="d"/>.</summary>
    internal static List<SingleNeuronRun> RunOne(SingleNeuronOptions options, int d, int run, int[] keptCounts)
    {
        var data = SingleNeuronData.Generate(d, options.Samples, options.NoiseVariance,
            new SplitMixRandom(SeedMix.Combine(DataTag, options.Seed, d, run)));
        var init = new SplitMixRandom(SeedMix.Combine(InitTag, options.Seed, d, run));
        var baseW = new double[d];
        for (int j = 0; j < d; j++)
        {
            baseW[j] = init.NextGaussian() / Math.Sqrt(d);
        }

        var x1 = new double[data.Samples];
        for (int i = 0; i < data.Samples; i++)
        {
            x1[i] = data.X[i * d];
        }

        double c2Negative = SingleNeuronDynamics.Coefficients(x1, data.Y, w0: -1, a0: 1).C2;
        var results = new List<SingleNeuronRun>(8);
        foreach (var signCase in SingleNeuronLabels.SignCases)
        {
            double[] theta0 = BalancedStart(baseW, signCase);
            double[] dense = (double[])theta0.Clone();
            bool[] all = Enumerable.Repeat(true, d).ToArray();
            var (denseLoss, denseIterations) = SingleNeuronTrainer.Train(data, dense, all, options);
            foreach (var strategy in SingleNeuronLabels.Strategies)
            {
                results.Add(PruneAndTrain(options, data, run, signCase, strategy, theta0, dense, denseLoss, denseIterations, keptCounts, c2Negative));
            }
        }

        return results;
    }

    /// <summary>θ(0) = (a(0), w(0)) for a sign case: w_1 = ±|w_1|, a = ±‖w‖ (balanced).</summary>
    internal static double[] BalancedStart(double[] baseW, SingleNeuronSignCase signCase)
    {
        var theta = new double[baseW.Length + 1];
        double norm = 0;
        for (int j = 0; j < baseW.Length; j++)
        {
            theta[j + 1] = baseW[j];
            norm += baseW[j] * baseW[j];
        }

        theta[1] = SingleNeuronLabels.SignOfW1(signCase) * Math.Abs(baseW[0]);
        theta[0] = SingleNeuronLabels.SignOfA(signCase) * Math.Sqrt(norm);
        return theta;
    }

    private static SingleNeuronRun PruneAndTrain(
        SingleNeuronOptions options, SingleNeuronData data, int run, SingleNeuronSignCase signCase, SingleNeuronStrategy strategy,
        double[] theta0, double[] dense, double denseLoss, int denseIterations, int[] keptCounts, double c2Negative)
    {
        int d = data.Dimension;
        double[] theta = (double[])dense.Clone();
        bool[] mask = Enumerable.Repeat(true, d).ToArray();
        var levelLosses = new double[keptCounts.Length];
        int iterations = denseIterations;
        double loss = denseLoss;
        for (int level = 0; level < keptCounts.Length; level++)
        {
            mask = SingleNeuronPruning.Prune(theta.AsSpan(1), mask, keptCounts[level]);
            if (strategy == SingleNeuronStrategy.Imp)
            {
                theta = (double[])theta0.Clone();
            }

            (loss, int used) = SingleNeuronTrainer.Train(data, theta, mask, options);
            levelLosses[level] = loss;
            iterations += used;
        }

        double floor = options.NoiseVariance / 2;
        double excess = (loss - floor) / (data.ZeroPredictorLoss - floor);
        var surviving = Enumerable.Range(0, d).Where(j => mask[j]).Select(j => j + 1).ToArray();
        bool keptX1 = mask[0];
        return new SingleNeuronRun(
            d, run, signCase, strategy, theta0[0], theta0[1], dense[0], dense[1], denseLoss, levelLosses, surviving,
            loss, theta[0], theta[1], floor, data.ZeroPredictorLoss, excess, c2Negative, keptX1,
            keptX1 && excess <= options.SuccessTolerance, iterations);
    }

    private static List<SingleNeuronSummaryRow> Summarize(List<SingleNeuronRun> runs, SingleNeuronOptions options)
    {
        var rows = new List<SingleNeuronSummaryRow>();
        foreach (int d in options.Dims)
        {
            foreach (var signCase in SingleNeuronLabels.SignCases)
            {
                foreach (var strategy in SingleNeuronLabels.Strategies)
                {
                    var cell = runs.Where(r => r.Dimension == d && r.SignCase == signCase && r.Strategy == strategy).ToList();
                    var objective = Statistics.ConfidenceInterval95(cell.Select(r => r.FinalLoss).ToList());
                    int successes = cell.Count(r => r.Success);
                    rows.Add(new SingleNeuronSummaryRow(d, signCase, strategy, cell.Count, objective.Mean, objective.HalfWidth, successes,
                        (double)successes / cell.Count, cell.Count(r => r.KeptX1), cell.Average(r => r.ZeroPredictorLoss)));
                }
            }
        }

        return rows;
    }
}

/// <summary>The initial sign combination of the output weight a(0) and the first input weight w_1(0) (Paper A Fig. 1, 2a).</summary>
public enum SingleNeuronSignCase
{
    /// <summary>a(0) &gt; 0 and w_1(0) &gt; 0: the only case a one-input neuron learns from (Theorem 2.1).</summary>
    APositiveW1Positive,

    /// <summary>a(0) &gt; 0 and w_1(0) &lt; 0: the case LRR repairs and IMP cannot (Theorem 2.3).</summary>
    APositiveW1Negative,

    /// <summary>a(0) &lt; 0 and w_1(0) &gt; 0: fails for both (a cannot change sign, Lemma 2.2).</summary>
    ANegativeW1Positive,

    /// <summary>a(0) &lt; 0 and w_1(0) &lt; 0: fails for both.</summary>
    ANegativeW1Negative,
}

/// <summary>How a pruning level of the single-neuron experiment starts (Paper A §2, "LRR" and "IMP").</summary>
public enum SingleNeuronStrategy
{
    /// <summary>Iterative magnitude pruning: rewind the surviving w and a to their initial values.</summary>
    Imp,

    /// <summary>Learning-rate rewinding: continue from the values the previous level ended with.</summary>
    Lrr,
}

/// <summary>Display names and signs of the single-neuron experiment's enums, used by the report and the CSV (Paper A Fig. 2a).</summary>
internal static class SingleNeuronLabels
{
    /// <summary>All four sign cases in table order.</summary>
    public static readonly SingleNeuronSignCase[] SignCases =
    [
        SingleNeuronSignCase.APositiveW1Positive,
        SingleNeuronSignCase.APositiveW1Negative,
        SingleNeuronSignCase.ANegativeW1Positive,
        SingleNeuronSignCase.ANegativeW1Negative,
    ];

    /// <summary>Both strategies in table order.</summary>
    public static readonly SingleNeuronStrategy[] Strategies = [SingleNeuronStrategy.Imp, SingleNeuronStrategy.Lrr];

    /// <summary>Sign of a(0) in a sign case.</summary>
    public static int SignOfA(SingleNeuronSignCase c) =>
        c is SingleNeuronSignCase.APositiveW1Positive or SingleNeuronSignCase.APositiveW1Negative ? 1 : -1;

    /// <summary>Sign of w_1(0) in a sign case.</summary>
    public static int SignOfW1(SingleNeuronSignCase c) =>
        c is SingleNeuronSignCase.APositiveW1Positive or SingleNeuronSignCase.ANegativeW1Positive ? 1 : -1;

    /// <summary>"a&gt;0,w1&gt;0" style label.</summary>
    public static string Label(SingleNeuronSignCase c) =>
        $"a{(SignOfA(c) > 0 ? ">" : "<")}0,w1{(SignOfW1(c) > 0 ? ">" : "<")}0";

    /// <summary>Short label for plots: "+,+", "+,−", …</summary>
    public static string Short(SingleNeuronSignCase c) =>
        $"{(SignOfA(c) > 0 ? "+" : "−")},{(SignOfW1(c) > 0 ? "+" : "−")}";

    /// <summary>"IMP" or "LRR".</summary>
    public static string Label(SingleNeuronStrategy s) => s == SingleNeuronStrategy.Imp ? "IMP" : "LRR";
}
