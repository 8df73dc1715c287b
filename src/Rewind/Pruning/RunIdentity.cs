using Rewind.Schedules;
using Rewind.Specs;

namespace Rewind.Pruning;

/// <summary>
/// What a run's first levels depend on, as text: two runs with equal keys compute those levels identically, so one
/// may copy them from the other instead of training them again (<see cref="LevelReuse"/>).
/// </summary>
public static class RunIdentity
{
    /// <summary>
    /// Text identifying everything level 0 depends on; two runs with equal keys train identical dense levels
    /// (strategy, number of levels, scorer and BN rewinding only act from level 1 on).
    /// </summary>
    public static string LevelZeroKey(RunSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return SpecWriter.ToYaml(spec with
        {
            Name = "",
            Pruning = new PruningSpec { RewindTo = spec.Pruning.RewindTo },
            Schedule = spec.Schedule with { WarmupEveryLevel = true },
            Peak = new PeakSpec(), // every peak rule trains level 0 at optimizer.lr
        });
    }

    /// <summary>
    /// Text identifying everything levels 0..<paramref name="levels"/>−1 depend on: two runs with equal keys train those
    /// levels identically. For one level it is <see cref="LevelZeroKey"/>; beyond, the run's name and its number of levels
    /// do not matter (except for oneshot, which prunes straight to the last density), a sign perturbation at a later level
    /// does not matter, and a peak rule known in advance enters only through the peaks of those levels, so a SILO run with
    /// delay q shares levels 0..q with a fixed-peak run and a run perturbed at level L shares levels 0..L−1 with its baseline.
    /// </summary>
    public static string PrefixKey(RunSpec spec, int levels)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfLessThan(levels, 1);
        if (levels == 1) return LevelZeroKey(spec);
        var peak = PeakSchedules.IsKnownInAdvance(spec.Peak)
            ? new PeakSpec { Name = "list", Values = PeakSchedules.Peaks(spec.Peak, spec.Optimizer.Lr, spec.Pruning.Rate, levels - 1).Skip(1).ToArray() }
            : spec.Peak;
        var pruning = spec.Pruning.Strategy == "oneshot" ? spec.Pruning : spec.Pruning with { Levels = 0 };
        if (pruning.PerturbSigns.Level >= levels) pruning = pruning with { PerturbSigns = new SignPerturbationSpec() }; // a perturbation after the prefix
        return SpecWriter.ToYaml(spec with { Name = "", Pruning = pruning, Peak = peak });
    }
}
