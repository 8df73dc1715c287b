using System.Runtime.CompilerServices;

namespace Rewind.Tests;

internal static class TestSetup
{
    /// <summary>Same libtorch threading settings as the CLI, before any test touches a tensor.</summary>
    [ModuleInitializer]
    internal static void Configure() => TorchRuntime.Configure();
}
