using Rewind.Data;
using static TorchSharp.torch;

namespace Rewind.Models;

/// <summary>
/// Where dropout (<see cref="SeededDropout"/>, in <see cref="AlexNet"/> and <see cref="MobileNetV2"/>) gets its random
/// draws. Whoever runs a model in training mode calls <see cref="Seed"/> first with the run's seed, a stream (the level
/// for training steps) and the step; every dropout call of that forward pass then draws from its own generator seeded
/// from (that seed, its position in the pass). So every mask is a pure function of (seed, level, step), a resumed run
/// replays the same masks with nothing saved, and nothing touches libtorch's global generator. The state is per thread,
/// so models trained concurrently on different threads do not disturb each other.
/// </summary>
public static class StochasticLayers
{
    private const long Tag = 0xD809;

    [ThreadStatic]
    private static ulong t_step;

    [ThreadStatic]
    private static long t_draws;

    /// <summary>Starts the draws of one step: (<paramref name="seed"/>, <paramref name="stream"/>, <paramref name="step"/>).</summary>
    public static void Seed(long seed, long stream, long step)
    {
        t_step = SeedMix.Combine(Tag, seed, stream, step);
        t_draws = 0;
    }

    /// <summary>A generator on <paramref name="device"/> for the next random layer call of the current step (the caller disposes it).</summary>
    internal static Generator Next(Device device) =>
        new(SeedMix.ForTorch(SeedMix.Combine(unchecked((long)t_step), t_draws++)), device);
}
