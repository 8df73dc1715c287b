using System.Runtime.InteropServices;

namespace Rewind;

/// <summary>
/// Process-wide settings libtorch must see before it loads. Call <see cref="Configure"/> first thing in a program.
/// </summary>
public static partial class TorchRuntime
{
    /// <summary>
    /// Makes libtorch's OpenMP worker threads sleep instead of spin when idle (<c>OMP_WAIT_POLICY=PASSIVE</c>) unless
    /// the user set a policy. Measured here: with another process busy on a 2-core machine, a 2-thread LeNet epoch took
    /// 33.4 s with spinning workers and 3.8 s with passive ones (identical results). Must run before the first tensor
    /// operation, because libgomp reads the variable once when it loads; .NET's own environment API does not reach
    /// native code on Linux, so this calls libc's <c>setenv</c>.
    /// </summary>
    public static void Configure()
    {
        if (Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is not null) return;
        Environment.SetEnvironmentVariable("OMP_WAIT_POLICY", "PASSIVE");
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) _ = SetEnv("OMP_WAIT_POLICY", "PASSIVE", 0);
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
