using System.Net;
using Customizable.Vlm.Orleans.Silo;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace Customizable.Vlm.Orleans.Tests.Silo;

public sealed class InspectionAdmissionTests
{
    [Fact]
    public async Task A_waiting_request_gets_a_slot_freed_within_the_admission_timeout()
    {
        using var admission = New(max: 1, timeout: TimeSpan.FromSeconds(30));
        InspectionAdmission.Lease held = await admission.EnterAsync(CancellationToken.None);

        Task<InspectionAdmission.Lease> waiting = admission.EnterAsync(CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        held.Dispose();
        held.Dispose(); // a second dispose frees nothing more

        using InspectionAdmission.Lease next = await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, admission.InFlight);
    }

    [Fact]
    public async Task A_request_that_waits_longer_than_the_admission_timeout_is_rejected()
    {
        using var admission = New(max: 2, timeout: TimeSpan.FromMilliseconds(50));
        using var a = await admission.EnterAsync(CancellationToken.None);
        using var b = await admission.EnterAsync(CancellationToken.None);

        var error = await Assert.ThrowsAsync<InspectionRejectedException>(() => admission.EnterAsync(CancellationToken.None));

        Assert.Equal(2, error.MaxConcurrentInspections);
        Assert.Equal(2, admission.InFlight);
    }

    private static InspectionAdmission New(int max, TimeSpan timeout) => new(
        Options.Create(new CvlmInspectionOptions { MaxConcurrentInspections = max, AdmissionTimeout = timeout }),
        new FakeSilo(),
        NullLogger<InspectionAdmission>.Instance);

    private sealed class FakeSilo : ILocalSiloDetails
    {
        public string Name => "test";

        public string ClusterId => "test";

        public string DnsHostName => "localhost";

        public SiloAddress SiloAddress { get; } = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11111), 1);

        public SiloAddress GatewayAddress => SiloAddress;
    }
}
