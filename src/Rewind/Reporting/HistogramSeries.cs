
namespace Rewind.Reporting;

/// <summary>One histogram drawn as a density curve (count / (total · bin width) at each bin centre), optionally scaled along x.</summary>
/// <param name="Label">Legend text.</param>
/// <param name="Histogram">The bins.</param>
/// <param name="Scale">Multiplies the bin edges (e.g. the learning rate, turning gradients into weight updates).</param>
public sealed record HistogramSeries(string Label, Histogram Histogram, double Scale = 1);
