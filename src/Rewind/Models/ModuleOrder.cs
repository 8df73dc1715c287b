using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Models;

/// <summary>
/// Modules in PyTorch's order. TorchSharp's <c>named_modules()</c> lists a module's direct children before descending
/// into any of them (for a ResNet: conv1, bn1, layer1, …, fc, then layer1.0, …), whereas PyTorch — and
/// TorchSharp's own <c>named_parameters()</c> — go depth-first in registration order (…, layer4.1.conv2, fc). Code that
/// relies on order (the classifier being the last prunable layer, seeded initialisation) uses this order.
/// </summary>
public static class ModuleOrder
{
    /// <summary>Every module under <paramref name="root"/> (the root first, with name ""), depth-first in registration
    /// order, with dotted names as in <c>state_dict()</c>.</summary>
    public static IEnumerable<(string Name, nn.Module Module)> DepthFirst(nn.Module root)
    {
        ArgumentNullException.ThrowIfNull(root);
        return Walk("", root);
    }

    private static IEnumerable<(string Name, nn.Module Module)> Walk(string name, nn.Module module)
    {
        yield return (name, module);
        foreach (var (child, sub) in module.named_children())
        {
            foreach (var item in Walk(name.Length == 0 ? child : $"{name}.{child}", sub))
                yield return item;
        }
    }
}
