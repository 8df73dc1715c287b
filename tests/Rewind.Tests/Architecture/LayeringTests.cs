using System.Reflection;

namespace Rewind.Tests.Architecture;

/// <summary>
/// The layers of docs/ARCHITECTURE.md, enforced on the compiled library: every type may use types of its own layer and
/// of the layers below it, never above. References are read from everything the compiler leaves behind — base types,
/// interfaces, fields, properties, method signatures, attributes (typeof arguments included) and the IL of every method
/// body (calls, field accesses, type tokens), lambdas and iterators counted for the type that owns them.
/// </summary>
public sealed class LayeringTests
{
    /// <summary>The layers, lowest first: the second segment of a namespace (Rewind.&lt;Layer&gt;[.…]).</summary>
    public static readonly string[] Layers =
    [
        "Core", "Storage", "Data", "Models", "Sparsity", "Schedules", "Training", "Strategies", "Specs", "Pruning", "Export",
        "Analysis", "Reporting", "Runs", "Experiments",
    ];

    private static readonly Assembly Library = typeof(Rewind.Runs.Run).Assembly;

    [Fact]
    public void Every_library_type_lives_in_a_known_layer()
    {
        var stray = Library.GetTypes().Where(t => IsOurs(t) && LayerOf(t) < 0).Select(t => t.FullName).ToList();
        Assert.True(stray.Count == 0, "Types outside the layers of docs/ARCHITECTURE.md: " + string.Join(", ", stray));
    }

    [Fact]
    public void No_type_references_a_type_of_a_higher_layer()
    {
        var violations = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in Library.GetTypes().Where(IsOurs))
        {
            int own = LayerOf(type);
            foreach (var used in References(type).Where(IsOurs))
            {
                int other = LayerOf(used);
                if (other > own)
                    violations.Add($"{Owner(type).FullName} ({Layers[own]}) uses {Owner(used).FullName} ({Layers[other]})");
            }
        }
        Assert.True(violations.Count == 0, "References that point up the layers:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void The_check_sees_references_in_method_bodies_signatures_and_attributes()
    {
        // The test must be able to fail: known downward references of each kind are found.
        Assert.Contains(References(typeof(Rewind.Pruning.LevelLoop)), t => t == typeof(Rewind.Training.Trainer));          // IL call
        Assert.Contains(References(typeof(Rewind.Runs.RunOutcome)), t => t == typeof(Rewind.Pruning.RunStore));           // signature
        Assert.Contains(References(typeof(Rewind.Specs.PruningSpec)), t => t == typeof(Rewind.Sparsity.ScorerCatalog));    // typeof in an attribute
    }

    private static bool IsOurs(Type t) => t.Assembly == Library && (t.Namespace?.StartsWith("Rewind.", StringComparison.Ordinal) ?? false);

    private static Type Owner(Type t)
    {
        while (t.DeclaringType is not null) t = t.DeclaringType;
        return t;
    }

    private static int LayerOf(Type t) => Array.IndexOf(Layers, Owner(t).Namespace!.Split('.')[1]);

    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>Every type <paramref name="type"/> refers to, generic arguments and element types unwrapped.</summary>
    public static IReadOnlySet<Type> References(Type type)
    {
        var found = new HashSet<Type>();
        void Add(Type? t)
        {
            if (t is null) return;
            if (t.HasElementType) { Add(t.GetElementType()); return; }
            if (t.IsGenericParameter) return;
            if (t.IsGenericType && !t.IsGenericTypeDefinition)
            {
                foreach (var a in t.GetGenericArguments()) Add(a);
                t = t.GetGenericTypeDefinition();
            }
            found.Add(t);
        }
        void Attributes(IEnumerable<CustomAttributeData> attributes)
        {
            foreach (var a in attributes)
            {
                Add(a.AttributeType);
                foreach (var arg in a.ConstructorArguments.Concat(a.NamedArguments.Select(n => n.TypedValue)))
                    if (arg.Value is Type typeArg) Add(typeArg);
            }
        }

        Add(type.BaseType);
        foreach (var i in type.GetInterfaces()) Add(i);
        Attributes(type.CustomAttributes);
        foreach (var f in type.GetFields(All)) { Add(f.FieldType); Attributes(f.CustomAttributes); }
        foreach (var p in type.GetProperties(All)) { Add(p.PropertyType); Attributes(p.CustomAttributes); }
        foreach (var m in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
        {
            Attributes(m.CustomAttributes);
            if (m is MethodInfo mi) Add(mi.ReturnType);
            foreach (var p in m.GetParameters()) { Add(p.ParameterType); Attributes(p.CustomAttributes); }
            foreach (var t in BodyReferences(m)) Add(t);
        }
        foreach (var nested in type.GetNestedTypes(All)) found.UnionWith(References(nested));
        return found;
    }

    private static IEnumerable<Type> BodyReferences(MethodBase method)
    {
        foreach (var (_, _, member) in IlCalls.Instructions(method))
        {
            switch (member)
            {
                case Type t: yield return t; break;
                case MethodBase mb:
                    if (mb.DeclaringType is not null) yield return mb.DeclaringType;
                    if (mb is MethodInfo { IsGenericMethod: true } g) foreach (var a in g.GetGenericArguments()) yield return a;
                    break;
                case FieldInfo f when f.DeclaringType is not null: yield return f.DeclaringType; break;
            }
        }
    }
}
