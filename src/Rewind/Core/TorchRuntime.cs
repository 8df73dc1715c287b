using System.Runtime.InteropServices;

namespace Rewind.Core;

/// <summary>
/// Process-wide settings libtorch must see before it loads. Call <see cref="Configure"/> first thing in a program.
/// </summary>
public static partial class TorchRuntime
{
    /// <summary>
    /// Makes libtorch's OpenMP worker threads spin only briefly before sleeping when idle
    /// (<c>OMP_WAIT_POLICY=PASSIVE</c> with <c>GOMP_SPINCOUNT=1000</c>) unless the user set either. Measured here on a
    /// 2-core machine, LeNet-300-100 epoch with 2 threads: libgomp's default spinning took 33.4 s per epoch while
    /// another process was busy (pure sleeping 3.8 s); with two CPU burners running, 1 000 spins matched pure sleeping
    /// (≈3 s) while 10 000 spins took 7–8 s; on a quiet machine 1 000 spins ran 0.9–1.2 s per epoch, as fast as
    /// unlimited spinning, where pure sleeping took 1.5 s. Results are identical either way. Must run before the first
    /// tensor operation, because libgomp reads the variables once when it loads; .NET's own environment API does not
    /// reach native code on Linux, so this calls libc's <c>setenv</c>.
    /// </summary>
    public static void Configure()
    {
        if (Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is not null ||
            Environment.GetEnvironmentVariable("GOMP_SPINCOUNT") is not null) return;
        Set("OMP_WAIT_POLICY", "PASSIVE");
        Set("GOMP_SPINCOUNT", "1000");
    }

    private static void Set(string name, string value)
    {
        Environment.SetEnvironmentVariable(name, value);
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) _ = SetEnv(name, value, 0);
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
