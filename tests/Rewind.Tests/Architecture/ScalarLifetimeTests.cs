using System.Reflection;
using System.Reflection.Emit;
using TorchSharp;

namespace Rewind.Tests.Architecture;

/// <summary>
/// TorchSharp frees a <see cref="Scalar"/>'s native memory in its finalizer, and its methods read the handle and then
/// pass it to libtorch with nothing keeping the managed object alive. A Scalar made on the fly — <c>x.mul_(0.9)</c>
/// (an implicit conversion), or TorchSharp's own <c>add_(t)</c>, which calls <c>add_(t, 1)</c> — can therefore be
/// collected and freed while libtorch still reads it, whenever another thread triggers a collection during the native
/// call ("tensor does not have a device", "alpha must not be a floating point number", or a crash: about one run in a
/// hundred in worker processes, which have more threads allocating). Dispose scopes track tensors, not scalars.
/// The library therefore creates every Scalar into a local that a <c>using</c> keeps alive past the call (see
/// <c>Rewind.Core.Scalars</c>), and never calls a TorchSharp method that makes one on the fly.
/// </summary>
public sealed class ScalarLifetimeTests
{
    private static readonly Assembly Library = typeof(Rewind.Runs.Run).Assembly;
    private static readonly Assembly Torch = typeof(Scalar).Assembly;

    /// <summary>A call that returns a new Scalar: an implicit conversion or ToScalar.</summary>
    private static bool MakesScalar(MethodBase m) =>
        m is MethodInfo mi && mi.ReturnType == typeof(Scalar) && mi.DeclaringType is { } d
        && (d == typeof(Scalar) || d == typeof(ScalarExtensionMethods));

    /// <summary>Where a new Scalar may go: a local (kept alive by its <c>using</c>), a field (alive with its owner), or
    /// back to the caller (a factory such as the implicit conversion itself; the caller must root it).</summary>
    private static bool IsStore(OpCode op) =>
        op == OpCodes.Stloc || op == OpCodes.Stloc_S || op == OpCodes.Stloc_0 || op == OpCodes.Stloc_1 || op == OpCodes.Stloc_2 || op == OpCodes.Stloc_3
        || op == OpCodes.Stsfld || op == OpCodes.Stfld || op == OpCodes.Ret;

    /// <summary>Scalars made and handed on without a local: nothing keeps them alive during the call that uses them.</summary>
    private static bool MakesUnrootedScalar(MethodBase method) =>
        IlCalls.In(method).Any(c => MakesScalar(c.Callee) && !IsStore(c.Next));

    private static readonly Lazy<HashSet<MethodBase>> UnsafeTorchMethods = new(() =>
    {
        // Methods of TorchSharp that make an unrooted Scalar, and (to a fixed point) those that call one of them.
        var callers = new Dictionary<MethodBase, List<MethodBase>>();
        var unsafeSet = new HashSet<MethodBase>();
        foreach (var type in Torch.GetTypes())
        {
            foreach (var m in IlCalls.MethodsOf(type))
            {
                bool direct = false;
                foreach (var c in IlCalls.In(m))
                {
                    if (MakesScalar(c.Callee) && !IsStore(c.Next)) direct = true;
                    if (c.Callee.Module.Assembly == Torch)
                    {
                        var callee = Definition(c.Callee);
                        if (!callers.TryGetValue(callee, out var list)) callers[callee] = list = [];
                        list.Add(Definition(m));
                    }
                }
                if (direct) unsafeSet.Add(Definition(m));
            }
        }
        var work = new Queue<MethodBase>(unsafeSet);
        while (work.Count > 0)
        {
            var m = work.Dequeue();
            if (!callers.TryGetValue(m, out var list)) continue;
            foreach (var caller in list)
                if (unsafeSet.Add(caller)) work.Enqueue(caller);
        }
        return unsafeSet;
    });

    private static MethodBase Definition(MethodBase m)
    {
        if (m is MethodInfo { IsGenericMethod: true, IsGenericMethodDefinition: false } g) m = g.GetGenericMethodDefinition();
        if (m.DeclaringType is { IsGenericType: true, IsGenericTypeDefinition: false } t)
        {
            var definition = t.GetGenericTypeDefinition();
            m = MethodBase.GetMethodFromHandle(m.MethodHandle, definition.TypeHandle) ?? m;
        }
        return m;
    }

    private static string Describe(MethodBase m) =>
        $"{m.DeclaringType?.FullName?.Replace("TorchSharp.", "", StringComparison.Ordinal)}.{m.Name}({string.Join(", ", m.GetParameters().Select(p => p.ParameterType.Name))})";

    private static List<string> Violations(Assembly assembly)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in assembly.GetTypes())
        {
            foreach (var m in IlCalls.MethodsOf(type))
            {
                foreach (var c in IlCalls.In(m))
                {
                    if (MakesScalar(c.Callee) && !IsStore(c.Next))
                        found.Add($"{Describe(m)}: a Scalar made on the fly ({Describe(c.Callee)}) is passed on unrooted");
                    else if (c.Callee.Module.Assembly == Torch && !MakesScalar(c.Callee) && UnsafeTorchMethods.Value.Contains(Definition(c.Callee)))
                        found.Add($"{Describe(m)}: calls {Describe(c.Callee)}, which makes an unrooted Scalar inside TorchSharp");
                    // A TorchSharp layer made here runs its own forward inside every training step.
                    if (c.Callee.Module.Assembly == Torch && MadeModule(c) is { } layer && UnsafeForward(layer) is { } forward)
                        found.Add($"{Describe(m)}: makes a {layer.Name}, whose {Describe(forward)} makes an unrooted Scalar inside TorchSharp");
                }
            }
        }
        return [.. found];
    }

    /// <summary>The TorchSharp module type a call creates (a constructor, or a factory such as <c>nn.BatchNorm2d</c>).</summary>
    private static Type? MadeModule(IlCall call)
    {
        var type = call.Callee is ConstructorInfo ctor ? (call.Op == OpCodes.Newobj ? ctor.DeclaringType : null) : (call.Callee as MethodInfo)?.ReturnType;
        return type is not null && type.Assembly == Torch && typeof(torch.nn.Module).IsAssignableFrom(type) ? type : null;
    }

    private static MethodInfo? UnsafeForward(Type module) =>
        module.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(f => f.Name == "forward" && UnsafeTorchMethods.Value.Contains(Definition(f.GetBaseDefinition() == f ? f : Declared(f))));

    private static MethodBase Declared(MethodInfo m) =>
        m.DeclaringType!.GetMethod(m.Name, IlCalls.All, null, m.GetParameters().Select(p => p.ParameterType).ToArray(), null) ?? m;

    [Fact]
    public void The_library_never_hands_libtorch_a_scalar_that_the_collector_may_free_during_the_call()
    {
        var violations = Violations(Library).Concat(Violations(typeof(Rewind.Cli.CliApp).Assembly)).ToList();
        Assert.True(violations.Count == 0, $"{violations.Count} unrooted Scalars:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void The_check_finds_both_kinds_of_unrooted_scalar()
    {
        // It must be able to fail: an implicit conversion in an argument, and TorchSharp's own add_(Tensor).
        Assert.True(MakesUnrootedScalar(typeof(Examples).GetMethod(nameof(Examples.Implicit))!));
        Assert.False(MakesUnrootedScalar(typeof(Examples).GetMethod(nameof(Examples.Rooted))!));
        Assert.Contains(typeof(torch.Tensor).GetMethod(nameof(torch.Tensor.add_), [typeof(torch.Tensor)])!, UnsafeTorchMethods.Value);
        Assert.DoesNotContain(typeof(torch.Tensor).GetMethod(nameof(torch.Tensor.add_), [typeof(torch.Tensor), typeof(Scalar)])!, UnsafeTorchMethods.Value);
        // TorchSharp's BatchNorm counts batches with add_(1), which is why the models use Models.BatchNormalization.
        Assert.NotNull(UnsafeForward(typeof(TorchSharp.Modules.BatchNorm2d)));
        Assert.Null(UnsafeForward(typeof(Rewind.Models.BatchNormalization)));
    }

    private static class Examples
    {
        public static torch.Tensor Implicit(torch.Tensor x) => x.mul_(0.5);

        public static torch.Tensor Rooted(torch.Tensor x)
        {
            using var half = 0.5.ToScalar();
            return x.mul_(half);
        }
    }
}
