using Rewind.Data;
using TorchSharp;

namespace Rewind.Models;

/// <summary>
/// Dropout (in <see cref="AlexNet"/> and <see cref="MobileNetV2"/>) draws its masks from libtorch's global generator,
/// which no other part of Rewind uses. Whoever runs a model in training mode seeds that generator here first, from the
/// run's seed, a stream (the level for training steps) and the step, so every dropout mask is a pure function of them
/// and a resumed run replays the same masks (nothing needs saving).
/// </summary>
public static class StochasticLayers
{
    private const long Tag = 0xD809;

    /// <summary>Seeds libtorch's global generator from (<paramref name="seed"/>, <paramref name="stream"/>, <paramref name="step"/>).</summary>
    public static void Seed(long seed, long stream, long step) =>
        torch.random.manual_seed((long)SeedMix.ForTorch(SeedMix.Combine(Tag, seed, stream, step)));
}
