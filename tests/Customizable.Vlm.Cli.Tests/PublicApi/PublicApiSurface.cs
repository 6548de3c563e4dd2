using System.Reflection;
using System.Text;

namespace Customizable.Vlm.Cli.Tests.PublicApi;

/// <summary>Writes an assembly's public surface as sorted text lines: every public type and its public and protected members.</summary>
internal static class PublicApiSurface
{
    public static IReadOnlyList<string> Describe(Assembly assembly)
    {
        var lines = new List<string>();
        foreach (Type type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            lines.Add($"{Kind(type)} {Name(type)}{Bases(type)}");
            const BindingFlags flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (MemberInfo member in type.GetMembers(flags).Where(IsVisible))
            {
                string? line = Member(member);
                if (line is not null)
                {
                    lines.Add($"  {Name(type)}::{line}");
                }
            }
        }

        return [.. lines.Order(StringComparer.Ordinal)];
    }

    public static (int Types, int Members) Count(IReadOnlyList<string> lines) =>
        (lines.Count(l => !l.StartsWith("  ", StringComparison.Ordinal)), lines.Count(l => l.StartsWith("  ", StringComparison.Ordinal)));

    private static bool IsVisible(MemberInfo member) => member switch
    {
        MethodBase m => (m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly) && !(m.IsSpecialName && (m.Name.StartsWith("get_", StringComparison.Ordinal) || m.Name.StartsWith("set_", StringComparison.Ordinal) || m.Name.StartsWith("add_", StringComparison.Ordinal) || m.Name.StartsWith("remove_", StringComparison.Ordinal))),
        FieldInfo f => (f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly) && !f.IsSpecialName,
        PropertyInfo p => p.GetAccessors(nonPublic: true).Any(a => a.IsPublic || a.IsFamily || a.IsFamilyOrAssembly),
        EventInfo e => e.AddMethod is { } add && (add.IsPublic || add.IsFamily),
        Type => false,
        _ => false,
    };

    private static string? Member(MemberInfo member) => member switch
    {
        ConstructorInfo c => $"ctor({Parameters(c)})",
        MethodInfo m => $"{(m.IsStatic ? "static " : string.Empty)}{Name(m.ReturnType)} {m.Name}{(m.IsGenericMethod ? $"<{string.Join(",", m.GetGenericArguments().Select(Name))}>" : string.Empty)}({Parameters(m)})",
        PropertyInfo p => $"{Name(p.PropertyType)} {p.Name}{(p.GetIndexParameters() is { Length: > 0 } index ? $"[{string.Join(", ", index.Select(i => Name(i.ParameterType)))}]" : string.Empty)} {{{Accessors(p)}}}",
        FieldInfo f => $"{(f.IsLiteral ? "const " : f.IsStatic ? "static " : string.Empty)}{(f.IsInitOnly ? "readonly " : string.Empty)}{Name(f.FieldType)} {f.Name}{(f.IsLiteral ? $" = {f.GetRawConstantValue()}" : string.Empty)}",
        EventInfo e => $"event {Name(e.EventHandlerType!)} {e.Name}",
        _ => null,
    };

    private static string Accessors(PropertyInfo property)
    {
        var text = new StringBuilder();
        if (property.GetMethod is { } get && (get.IsPublic || get.IsFamily))
        {
            text.Append(" get;");
        }

        if (property.SetMethod is { } set && (set.IsPublic || set.IsFamily))
        {
            bool init = set.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.FullName == "System.Runtime.CompilerServices.IsExternalInit");
            text.Append(init ? " init;" : " set;");
        }

        return text.Append(' ').ToString();
    }

    private static string Parameters(MethodBase method) =>
        string.Join(", ", method.GetParameters().Select(p => $"{(p.IsOut ? "out " : p.ParameterType.IsByRef ? "ref " : string.Empty)}{Name(p.ParameterType)} {p.Name}{(p.HasDefaultValue ? " = " + (p.DefaultValue ?? "null") : string.Empty)}"));

    private static string Kind(Type type) =>
        type.IsInterface ? "interface"
        : type.IsEnum ? "enum"
        : type.IsValueType ? "struct"
        : typeof(Delegate).IsAssignableFrom(type) ? "delegate"
        : type.IsAbstract && type.IsSealed ? "static class"
        : type.IsAbstract ? "abstract class"
        : type.IsSealed ? "sealed class"
        : "class";

    private static string Bases(Type type)
    {
        var bases = new List<string>();
        if (type.BaseType is { } b && b != typeof(object) && b != typeof(ValueType) && b != typeof(Enum) && !typeof(Delegate).IsAssignableFrom(type))
        {
            bases.Add(Name(b));
        }

        bases.AddRange(type.GetInterfaces().Where(i => i.IsPublic || i.IsNestedPublic).Select(Name).Order(StringComparer.Ordinal));
        return bases.Count == 0 ? string.Empty : " : " + string.Join(", ", bases);
    }

    private static string Name(Type type)
    {
        if (type.IsByRef)
        {
            return Name(type.GetElementType()!);
        }

        if (type.IsArray)
        {
            return Name(type.GetElementType()!) + "[]";
        }

        if (type.IsGenericParameter)
        {
            return type.Name;
        }

        string name = (type.IsNested ? Name(type.DeclaringType!) + "." + type.Name : type.Namespace + "." + type.Name).Split('`')[0];
        return type.IsGenericType ? $"{name}<{string.Join(",", type.GetGenericArguments().Select(Name))}>" : name;
    }
}
