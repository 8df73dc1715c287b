namespace Rewind.Specs;

/// <summary>Which keys two specs disagree on, e.g. to refuse a run directory made by another spec and say why.</summary>
public static class SpecDiff
{
    /// <summary>
    /// One line per key whose values differ, in schema order, formatted <c>key: a → b</c> with values written as in
    /// the spec's YAML (e.g. <c>optimizer.lr: 0.1 → 0.05</c>). Empty when the specs are the same.
    /// </summary>
    public static IReadOnlyList<string> Differences(RunSpec a, RunSpec b) => Differences(a, b, SpecSchema.Model);

    /// <summary><see cref="Differences(RunSpec, RunSpec)"/> for any spec record described by <paramref name="model"/>.</summary>
    internal static IReadOnlyList<string> Differences(object a, object b, SpecModel model)
    {
        var lines = new List<string>();
        foreach (var f in model.Fields)
        {
            var x = SpecValues.Format(f.ClrType, f.GetValue(a));
            var y = SpecValues.Format(f.ClrType, f.GetValue(b));
            if (!string.Equals(x, y, StringComparison.Ordinal)) lines.Add($"{f.Key}: {x} → {y}");
        }
        return lines;
    }
}
