using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rewind.Models;

/// <summary>
/// BatchNorm over [N, C] or [N, C, H, W], exactly <c>torch.nn.BatchNorm1d</c>/<c>BatchNorm2d</c> (same parameters,
/// buffers, state-dict names, defaults and arithmetic: ε = 10⁻⁵, momentum 0.1), used by every model of the catalog.
/// </summary>
/// <remarks>
/// TorchSharp's own <see cref="BatchNorm"/>.<c>forward</c> counts batches with <c>num_batches_tracked.add_(1)</c>, a
/// Scalar made on the fly that the collector may free while libtorch reads it (see <see cref="Scalars"/>): in a
/// process with several threads allocating, a training step could then fail or add a wrong number. This one counts
/// with a rooted Scalar and otherwise does what TorchSharp's does.
/// </remarks>
public sealed class BatchNormalization : BatchNorm
{
    private readonly int _inputDimensions;

    private BatchNormalization(long features, int inputDimensions, Device? device)
        : base(features, eps: 1e-5, momentum: 0.1, affine: true, track_running_stats: true, device, dtype: null,
            name: inputDimensions == 4 ? "BatchNorm2d" : "BatchNorm1d") =>
        _inputDimensions = inputDimensions;

    /// <summary>BatchNorm of the <paramref name="channels"/> channels of an image batch [N, C, H, W] (<c>nn.BatchNorm2d</c>).</summary>
    public static BatchNormalization Of2d(long channels, Device? device = null) => new(channels, 4, device);

    /// <summary>BatchNorm of the <paramref name="features"/> features of a batch [N, C] (<c>nn.BatchNorm1d</c> on 2-D input).</summary>
    public static BatchNormalization Of1d(long features, Device? device = null) => new(features, 2, device);

    /// <inheritdoc/>
    protected override void ValidateInputDimensions(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.ndim != _inputDimensions && !(_inputDimensions == 2 && input.ndim == 3))
            throw new ArgumentException($"expected {_inputDimensions}D input, but got {input.ndim}D input.", nameof(input));
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        ValidateInputDimensions(input);
        double averagingFactor = momentum ?? 0.0;
        if (training && track_running_stats && num_batches_tracked is not null)
        {
            num_batches_tracked.add_(Scalars.One, Scalars.One);
            if (momentum is null) averagingFactor = 1.0 / num_batches_tracked.item<long>(); // cumulative average
        }

        bool useBatchStatistics = training || (running_mean is null && running_var is null);
        bool useRunning = !training || track_running_stats;
        return nn.functional.batch_norm(input, useRunning ? running_mean : null, useRunning ? running_var : null, weight, bias,
            useBatchStatistics, averagingFactor, eps);
    }
}
