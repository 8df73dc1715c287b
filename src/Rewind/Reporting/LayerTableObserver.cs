using Rewind.Pruning;
using Rewind.Sparsity;
using Rewind.Training;

namespace Rewind.Reporting;

/// <summary>Writes each trained level's per-layer density table (<c>levels/NN/layers.csv</c>).</summary>
public sealed class LayerTableObserver : IRunObserver
{
    private RunStore? _store;

    /// <inheritdoc/>
    public void OnRunStart(RunContext run)
    {
        ArgumentNullException.ThrowIfNull(run);
        _store = run.Store;
    }

    /// <inheritdoc/>
    public void OnLevelTrained(int level, TrainingState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _store?.WriteLayers(level, LayerTable.ToCsv(state.Mask));
    }
}
