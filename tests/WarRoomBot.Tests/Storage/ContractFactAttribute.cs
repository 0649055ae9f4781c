using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace WarRoomBot.Tests.Storage;

/// <summary>
/// A fact of <see cref="CrisisStoreContract"/>. Each engine's subclass runs it; a subclass whose engine this machine lacks
/// (no PostgreSQL server) says so in a public static <c>SkipReason</c>, and its facts are skipped with that reason rather
/// than passing without having run.
/// </summary>
[XunitTestCaseDiscoverer("WarRoomBot.Tests.Storage.ContractFactDiscoverer", "WarRoomBot.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ContractFactAttribute : FactAttribute;

/// <summary>Asks the class being run, not the one declaring the fact, whether it can run here.</summary>
public sealed class ContractFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    protected override IXunitTestCase CreateTestCase(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        ArgumentNullException.ThrowIfNull(discoveryOptions);
        ArgumentNullException.ThrowIfNull(testMethod);
        var engine = testMethod.TestClass.Class.ToRuntimeType();
        if (engine?.GetProperty("SkipReason", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) is string reason)
        {
            return new XunitSkippedDataRowTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(),
                discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason);
        }

        return base.CreateTestCase(discoveryOptions, testMethod, factAttribute);
    }
}
