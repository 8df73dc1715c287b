using System.Text;

namespace Rewind.Specs;

/// <summary>
/// The keys of <see cref="RunSpec"/>, derived by reflection from its properties: a property's key is its
/// <see cref="KeyAttribute"/> name or its snake_case name; nested records give dotted keys (<c>optimizer.weight_decay</c>).
/// </summary>
public static class SpecSchema
{
    /// <summary>Every field of <see cref="RunSpec"/>, depth-first in declaration order.</summary>
    public static IReadOnlyList<SpecField> Fields => Model.Fields;

    /// <summary>Every section of <see cref="RunSpec"/> (<c>data</c>, <c>optimizer</c>, ...), depth-first in declaration order.</summary>
    public static IReadOnlyList<SpecSection> Sections => Model.Sections;

    /// <summary>The field with the dotted <paramref name="key"/>, or null.</summary>
    public static SpecField? Find(string key) => Model.TryGetField(key, out var f) ? f : null;

    /// <summary>
    /// The snake_case form of a property name: <c>WeightDecay</c> → <c>weight_decay</c>, <c>Beta1</c> → <c>beta1</c>,
    /// <c>LRSchedule</c> → <c>lr_schedule</c>.
    /// </summary>
    public static string ToSnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (char.IsUpper(c))
            {
                bool boundary = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1])
                    || (char.IsUpper(name[i - 1]) && i + 1 < name.Length && char.IsLower(name[i + 1])));
                if (boundary) sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    internal static SpecModel Model => SpecModel.For(typeof(RunSpec));
}
