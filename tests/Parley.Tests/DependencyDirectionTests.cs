using System.Reflection;
using Xunit;

namespace Parley.Tests;

/// <summary>
/// Events after a commit flow one way: the hub (Realtime) calls the features, the features publish through Events and
/// never reach back into Realtime. Checked on the compiled types: fields, constructor and method signatures.
/// </summary>
public sealed class DependencyDirectionTests
{
    private const string Root = "Parley.Server";
    private static readonly string[] Features = ["Accounts", "Rooms", "Messages", "Files", "Friends", "Settings", "Presence", "Notifications", "Events", "Data", "Infrastructure", "Health", "Calls", "Previews", "Pins", "Saved", "Polls", "CustomEmoji", "Scheduling", "Sidebar"];

    [Fact]
    public void NoFeatureDependsOnTheHub()
    {
        var assembly = typeof(Parley.Server.ParleyServer).Assembly;
        var offences = new List<string>();
        foreach (var type in assembly.GetTypes())
        {
            var feature = FeatureOf(type);
            if (feature is null || !Features.Contains(feature)) continue;
            foreach (var used in Uses(type))
                if (FeatureOf(used) == "Realtime") offences.Add($"{type.FullName} uses {used.FullName}");
        }
        Assert.Empty(offences.Distinct());
    }

    private static string? FeatureOf(Type type)
    {
        var ns = type.Namespace ?? "";
        return ns.StartsWith(Root + ".", StringComparison.Ordinal) ? ns[(Root.Length + 1)..].Split('.')[0] : null;
    }

    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static IEnumerable<Type> Uses(Type type)
    {
        var direct = type.GetFields(All).Select(f => f.FieldType)
            .Concat(type.GetConstructors(All).SelectMany(c => c.GetParameters()).Select(p => p.ParameterType))
            .Concat(type.GetMethods(All).SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType)))
            .Concat(type.GetProperties(All).Select(p => p.PropertyType));
        return direct.SelectMany(Flatten);
    }

    private static IEnumerable<Type> Flatten(Type t)
    {
        if (t.HasElementType) return Flatten(t.GetElementType()!);
        return t.IsGenericType ? t.GetGenericArguments().SelectMany(Flatten).Prepend(t) : [t];
    }
}
