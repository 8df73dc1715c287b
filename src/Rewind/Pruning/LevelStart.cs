using Rewind.Data;
using Rewind.Sparsity;
using Rewind.Specs;
using Rewind.Strategies;
using Rewind.Training;
using static TorchSharp.torch;

namespace Rewind.Pruning;

/// <summary>
/// How a pruned level begins, given the previous level's end state in the live network: prune (or take a donor's mask),
/// let the strategy choose the starting weights and optimizer state, rewind BatchNorm state when asked (Paper A §5.2),
/// give the weights a donor's or their own learnt signs when asked (§5.8), flip a fraction of signs when asked (§5.7),
/// and make pruned weights and their optimizer state exactly zero.
/// </summary>
public static class LevelStart
{
    private const long PerturbStream = 0x5167;

    /// <summary>Where a level's mask and signs come from besides the run itself (<c>pruning.mask_from</c>, <c>pruning.signs_from</c>).</summary>
    /// <param name="Mask">The donor whose mask each level uses, or null to score.</param>
    /// <param name="Signs">The donor whose signs each level starts with, or null.</param>
    public sealed record Sources(RunDonor? Mask = null, RunDonor? Signs = null)
    {
        /// <summary>The donors a spec names (opened and checked), or none.</summary>
        public static Sources Of(RunSpec spec, string runName)
        {
            ArgumentNullException.ThrowIfNull(spec);
            var p = spec.Pruning;
            return new Sources(
                p.MaskFrom.Length > 0 ? RunDonor.Open(p.MaskFrom, "mask_from", spec, runName) : null,
                p.SignsFrom.Length > 0 ? RunDonor.Open(p.SignsFrom, "signs_from", spec, runName) : null);
        }
    }

    /// <summary>What happened at the start of a level besides the new weights: a layer-collapse warning and the sign perturbation.</summary>
    /// <param name="Warning">Layers the new mask empties, or null.</param>
    /// <param name="Perturbation">The flipped signs per layer when the level was perturbed, or null.</param>
    public sealed record Outcome(string? Warning, SignPerturbation? Perturbation);

    /// <summary>Starts pruned level <paramref name="level"/> at target <paramref name="density"/>.</summary>
    public static Outcome Prepare(TrainingState state, IRewindStrategy strategy, RewindContext rewind, RunSpec spec,
        int level, double density, Dataset data, Sources? sources = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(rewind);
        ArgumentNullException.ThrowIfNull(spec);
        sources ??= new Sources();
        var device = state.Prunable[0].Parameter.device;

        // 1. The mask: the donor's at this level, or score the trained weights (nested, exact counts, pruning.* settings).
        var next = sources.Mask is { } donor
            ? donor.MaskAt(level, state.Prunable, device)
            : LevelPruning.Next(LevelPruning.Context(state.Model, state.Prunable, state.Mask, spec, level, data, density), spec.Pruning, density);
        var warning = LevelPruning.CollapseWarning(state.Mask, next, $"level {level}");
        state.Mask.Dispose();
        state.Mask = next;

        // 2. Signs to start from: the run's own learnt ones (the end of the level before) or a donor's.
        var signs = spec.Pruning.KeepSigns ? state.Prunable.ToDictionary(p => p.Name, p => p.Parameter.detach().sign().DetachFromDisposeScope())
            : sources.Signs?.SignsAt(level, state.Prunable, device);

        // 3. The strategy picks the starting point; optional BN rewinding resets BN state and optimizer.
        strategy.PrepareLevel(state, rewind);
        var bnNames = Prunable.BatchNormStateNames(state.Model);
        if (spec.Pruning.RewindBatchNorm && bnNames.Count > 0)
        {
            using var point = rewind.RewindPoint();
            state.LoadModel(point.Model, bnNames.Contains);
            state.Optimizer.LoadState(point.Optimizer);
        }

        // 4. |w_start| ⊙ sign (where the source has a sign), then the perturbation, then the mask.
        if (signs is not null)
        {
            ApplySigns(state, signs);
            foreach (var t in signs.Values) t.Dispose();
        }
        var perturbed = spec.Pruning.PerturbSigns is { Level: > 0 } ps && ps.Level == level
            ? SignPerturbation.Apply(state.Prunable, state.Mask, ps.Fraction, SeedMix.Combine(spec.Seed, level, PerturbStream))
            : null;
        state.Mask.ApplyTo(state.Prunable);
        state.Optimizer.ApplyMask(state.Mask, state.Prunable);
        return new Outcome(warning, perturbed);
    }

    /// <summary>Sets every prunable weight to |w| ⊙ s where the sign tensor s is non-zero (elsewhere w keeps its sign).</summary>
    public static void ApplySigns(TrainingState state, IReadOnlyDictionary<string, Tensor> signs)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(signs);
        using var noGrad = no_grad();
        foreach (var p in state.Prunable)
        {
            if (!signs.TryGetValue(p.Name, out var s)) continue;
            using var scope = NewDisposeScope();
            var w = p.Parameter;
            w.copy_(where(s.ne(Scalars.Zero), w.abs().mul(s), w));
        }
    }
}
