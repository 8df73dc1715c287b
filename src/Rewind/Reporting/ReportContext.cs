namespace Rewind.Reporting;

/// <summary>What a report says about how its numbers were produced.</summary>
/// <param name="Title">Report title (first heading, chart titles).</param>
/// <param name="SpecSummary">One or two sentences describing the experiment, shown under the title.</param>
/// <param name="Facts">
/// Key/value facts listed in "What was run", in the dictionary's enumeration order, e.g. dataset, model,
/// epochs per level, seeds, machine, total time.
/// </param>
public sealed record ReportContext(string Title, string SpecSummary, IReadOnlyDictionary<string, string> Facts);
