namespace Rewind.Experiments.SingleNeuron;

/// <summary>Everything the single-neuron experiment measured (Paper A §2.3, Figs. 2a and 18); input of <see cref="SingleNeuronReport.Write"/>.</summary>
/// <param name="Options">The validated options, defaults filled in.</param>
/// <param name="KeptCounts">Per d, the number of inputs kept after each level.</param>
/// <param name="Runs">One entry per (d, run, sign case, strategy).</param>
/// <param name="Summary">One row per (d, sign case, strategy).</param>
/// <param name="Claim">The claim check computed from <paramref name="Summary"/>.</param>
/// <param name="Elapsed">Wall-clock time of <see cref="SingleNeuronExperiment.Run"/>.</param>
public sealed record SingleNeuronResult(
    SingleNeuronOptions Options,
    IReadOnlyDictionary<int, IReadOnlyList<int>> KeptCounts,
    IReadOnlyList<SingleNeuronRun> Runs,
    IReadOnlyList<SingleNeuronSummaryRow> Summary,
    SingleNeuronClaim Claim,
    TimeSpan Elapsed);

/// <summary>
/// One run of the single-neuron experiment for one strategy: its initial signs, the objective after the dense
/// training and after every prune–train level, and the final model (Paper A §2.3; one row of <c>results.csv</c>).
/// </summary>
/// <param name="Dimension">Input dimension d.</param>
/// <param name="Run">Run index (0-based) within (d, sign case); the four sign cases of a run share data and |w(0)|.</param>
/// <param name="SignCase">Initial signs of a(0) and w_1(0).</param>
/// <param name="Strategy">IMP (rewind to init) or LRR (continue).</param>
/// <param name="InitialA">a(0) = ±‖w(0)‖ (balanced).</param>
/// <param name="InitialW1">w_1(0).</param>
/// <param name="DenseA">a after the dense training (shared by IMP and LRR).</param>
/// <param name="DenseW1">w_1 after the dense training; a sign different from w_1(0) is the flip LRR can inherit.</param>
/// <param name="DenseLoss">Objective after the dense training.</param>
/// <param name="LevelLosses">Objective after each prune–train level.</param>
/// <param name="SurvivingInputs">1-based indices of the inputs left after the last level.</param>
/// <param name="FinalLoss">Objective after the last level (the reported "final objective").</param>
/// <param name="FinalA">a after the last level.</param>
/// <param name="FinalW1">w_1 after the last level (0 if x_1 was pruned).</param>
/// <param name="NoiseFloor">σ²/2, the expected objective of the true function.</param>
/// <param name="ZeroPredictorLoss">(1/2n)Σy², the objective of predicting 0 (where failures end).</param>
/// <param name="ExcessRatio">(FinalLoss − σ²/2)/(ZeroPredictorLoss − σ²/2): 0 = noise floor, 1 = no better than 0.</param>
/// <param name="C2Negative">
/// C2 of the one-input neuron on x_1 with w_1 &lt; 0, (1/n)Σ_{x_1&lt;0} x_1·y = (1/n)Σ_{x_1&lt;0} x_1·ζ (App. A.1): a pure noise
/// correlation. When balance is broken (IMP's rewind after pruning leaves a(0)² &gt; w_1(0)²), w_1 &lt; 0 is pushed
/// across 0 exactly when this is positive, so it predicts which IMP runs with w_1(0) &lt; 0 can still succeed.
/// </param>
/// <param name="KeptX1">Whether x_1 survived pruning.</param>
/// <param name="Success">KeptX1 and ExcessRatio ≤ the success tolerance.</param>
/// <param name="Iterations">Optimiser iterations over all levels, the dense training included.</param>
public sealed record SingleNeuronRun(
    int Dimension,
    int Run,
    SingleNeuronSignCase SignCase,
    SingleNeuronStrategy Strategy,
    double InitialA,
    double InitialW1,
    double DenseA,
    double DenseW1,
    double DenseLoss,
    IReadOnlyList<double> LevelLosses,
    IReadOnlyList<int> SurvivingInputs,
    double FinalLoss,
    double FinalA,
    double FinalW1,
    double NoiseFloor,
    double ZeroPredictorLoss,
    double ExcessRatio,
    double C2Negative,
    bool KeptX1,
    bool Success,
    int Iterations);

/// <summary>
/// Aggregate of the runs of one (d, sign case, strategy) cell: final objective mean ± 95 % CI and success rate
/// (Paper A Fig. 2a/18; one row of the report's table).
/// </summary>
/// <param name="Dimension">Input dimension d.</param>
/// <param name="SignCase">Initial signs of a(0) and w_1(0).</param>
/// <param name="Strategy">IMP or LRR.</param>
/// <param name="Runs">Number of runs.</param>
/// <param name="MeanObjective">Mean final objective.</param>
/// <param name="CiHalfWidth">Half width of the 95 % CI, t_{0.975,n−1}·s/√n.</param>
/// <param name="Successes">Runs that succeeded.</param>
/// <param name="SuccessRate">Successes / Runs.</param>
/// <param name="KeptX1">Runs in which x_1 survived pruning.</param>
/// <param name="MeanZeroPredictorLoss">Mean objective of the zero predictor over the cell's data sets (the failure level).</param>
public sealed record SingleNeuronSummaryRow(
    int Dimension,
    SingleNeuronSignCase SignCase,
    SingleNeuronStrategy Strategy,
    int Runs,
    double MeanObjective,
    double CiHalfWidth,
    int Successes,
    double SuccessRate,
    int KeptX1,
    double MeanZeroPredictorLoss);
