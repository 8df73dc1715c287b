using Rewind.Runs;
using Rewind.Strategies;

namespace Rewind.Experiments;

/// <summary>
/// <c>rewind compare</c> (and the demo): every strategy × seed of a base spec, each seed's dense level 0 trained once
/// and shared by its strategies; the report compares test accuracy per level with 95% intervals over seeds.
/// </summary>
public sealed class CompareStudy : ArmStudy
{
    /// <summary>The study's name.</summary>
    public const string StudyName = "compare";

    /// <inheritdoc/>
    public override string Name => StudyName;

    /// <inheritdoc/>
    public override string Summary => "Every strategy × seed as resumable runs, then mean and 95% CI per level.";

    /// <inheritdoc/>
    public override IReadOnlyList<StudyParameter> Parameters { get; } =
        [new("strategies", "Comma-separated strategies: " + string.Join(", ", StrategyCatalog.Names) + ".", "imp,wr,lrr")];

    /// <summary>The strategies the definition names, checked against the catalog.</summary>
    public IReadOnlyList<string> Strategies(StudyDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var names = (definition.Parameter("strategies") ?? Parameters[0].Default!)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0) throw new RewindUserException("--strategies: name at least one of " + string.Join(", ", StrategyCatalog.Names) + ".");
        foreach (var s in names)
            if (!StrategyCatalog.Names.Contains(s))
                throw new RewindUserException($"--strategies: '{s}' is not a strategy. Valid: {string.Join(", ", StrategyCatalog.Names)}.");
        return names;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<StudyArm> Arms(StudyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var b = context.BaseSpec;
        return Strategies(context.Definition).Select(s => new StudyArm(s, b with { Pruning = b.Pruning with { Strategy = s } })).ToArray();
    }

    /// <inheritdoc/>
    protected override string Title(StudyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return $"{context.BaseSpec.Model.Name} on {context.BaseSpec.Data.Name}: {string.Join(" vs ", Strategies(context.Definition))}";
    }
}
