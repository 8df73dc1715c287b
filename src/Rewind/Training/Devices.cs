using static TorchSharp.torch;

namespace Rewind.Training;

/// <summary>The compute devices a run can ask for by name (<c>device</c> in a spec).</summary>
public static class Devices
{
    /// <summary>Every device name: <c>cpu</c>, and <c>cuda</c> with a CUDA build of TorchSharp.</summary>
    public static IReadOnlyList<string> Names { get; } = ["cpu", "cuda"];

    /// <summary>The device called <paramref name="name"/>; <c>cuda</c> without a usable GPU is a user error saying what to change.</summary>
    public static Device Resolve(string name)
    {
        if (name == "cuda")
        {
            if (!cuda.is_available())
                throw new RewindUserException(
                    "device: cuda was requested but no CUDA device is usable (this build uses TorchSharp-cpu). " +
                    "Install a CUDA TorchSharp package or set device: cpu.");
            return CUDA;
        }
        if (name != "cpu")
            throw new RewindUserException($"device: '{name}' is not a device; choose one of {string.Join(", ", Names)}.");
        return CPU;
    }
}
