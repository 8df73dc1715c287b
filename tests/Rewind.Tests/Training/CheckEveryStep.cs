using Rewind.Training;

namespace Rewind.Tests.Training;

/// <summary>
/// Checks the mask invariant after every optimizer step of a level: every pruned weight is exactly 0, its gradient 0
/// and its optimizer state 0 (<c>MaskInvariantTests</c>, <c>ModelMaskInvariantTests</c>).
/// </summary>
internal sealed class CheckEveryStep(TrainingState state) : ITrainingObserver
{
    public int Checked;

    public void OnStep(int level, long step, double learningRate)
    {
        foreach (var p in state.Prunable)
        {
            using var pruned = state.Mask[p.Name].eq(0);
            Assert.True(pruned.any().item<bool>(), $"{p.Name}: the test needs pruned entries");
            using (var w = p.Parameter.detach().masked_select(pruned))
                Assert.True(w.eq(0).all().item<bool>(), $"{p.Name}: a pruned weight is not exactly 0 after step {step}");
            using (var g = p.Parameter.grad!.masked_select(pruned))
                Assert.True(g.eq(0).all().item<bool>(), $"{p.Name}: a pruned weight has a gradient after step {step}");
            foreach (var (name, s) in state.Optimizer.State)
            {
                if (!name.StartsWith(p.Name + ".", StringComparison.Ordinal)) continue;
                using var v = s.masked_select(pruned);
                Assert.True(v.eq(0).all().item<bool>(), $"{name}: optimizer state of a pruned weight is not 0 after step {step}");
            }
        }
        Checked++;
    }
}
