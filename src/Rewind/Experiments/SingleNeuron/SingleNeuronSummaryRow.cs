namespace Rewind.Experiments.SingleNeuron;

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
