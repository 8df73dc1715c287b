using System.Reflection;
using System.Reflection.Emit;

namespace Rewind.Tests.Architecture;

/// <summary>One call instruction of a method body: the method it calls and the opcode that follows it.</summary>
internal readonly record struct IlCall(MethodBase Caller, int Offset, OpCode Op, MethodBase Callee, OpCode Next);

/// <summary>Reads the call instructions of compiled method bodies (reflection's IL bytes, decoded by operand size).</summary>
internal static class IlCalls
{
    public const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>Every method and constructor declared by <paramref name="type"/> and its nested types.</summary>
    public static IEnumerable<MethodBase> MethodsOf(Type type)
    {
        foreach (var m in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All))) yield return m;
        foreach (var nested in type.GetNestedTypes(All))
            foreach (var m in MethodsOf(nested)) yield return m;
    }

    /// <summary>The call, callvirt and newobj instructions of <paramref name="method"/>'s body, in order.</summary>
    public static IEnumerable<IlCall> In(MethodBase method)
    {
        (int Offset, OpCode Op, MethodBase Callee)? pending = null;
        foreach (var (offset, op, member) in Instructions(method))
        {
            if (pending is { } p)
            {
                yield return new IlCall(method, p.Offset, p.Op, p.Callee, op);
                pending = null;
            }
            if (member is MethodBase callee && (op == OpCodes.Call || op == OpCodes.Callvirt || op == OpCodes.Newobj))
                pending = (offset, op, callee);
        }
        if (pending is { } last) yield return new IlCall(method, last.Offset, last.Op, last.Callee, OpCodes.Nop);
    }

    /// <summary>
    /// Every instruction of <paramref name="method"/>'s body with the member its token names (a method, field or type;
    /// null for instructions without one or a token that does not resolve).
    /// </summary>
    public static IEnumerable<(int Offset, OpCode Op, MemberInfo? Member)> Instructions(MethodBase method)
    {
        byte[]? il;
        try { il = method.GetMethodBody()?.GetILAsByteArray(); }
        catch (Exception e) when (e is BadImageFormatException or InvalidOperationException) { il = null; }
        if (il is null) yield break;
        var module = method.Module;
        var typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (int i = 0; i < il.Length;)
        {
            int start = i;
            short value = il[i] == 0xFE ? (short)(0xFE00 | il[i + 1]) : il[i];
            i += il[i] == 0xFE ? 2 : 1;
            var op = OpCodesByValue[value];
            MemberInfo? member = null;
            switch (op.OperandType)
            {
                case OperandType.InlineNone: break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar: i += 1; break;
                case OperandType.InlineVar: i += 2; break;
                case OperandType.InlineI8 or OperandType.InlineR: i += 8; break;
                case OperandType.InlineSwitch: i += 4 + 4 * BitConverter.ToInt32(il, i); break;
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    {
                        int token = BitConverter.ToInt32(il, i);
                        i += 4;
                        try { member = module.ResolveMember(token, typeArgs, methodArgs); }
                        catch (ArgumentException) { member = null; }
                        break;
                    }
                default: i += 4; break; // InlineBrTarget, InlineI, InlineSig, InlineString, ShortInlineR
            }
            yield return (start, op, member);
        }
    }
}
