using Customizable.Vlm.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace InspectionWorker;

/// <summary>Registers the worker's services in a host: options, the inspector with the embedded reasoner, the queue, the feeder and
/// the consumers, the health checks and their file, and (when enabled) OpenTelemetry.</summary>
public static class WorkerServices
{
    /// <summary>Adds the worker to a host builder, reading <c>Cvlm:Worker</c>, <c>Cvlm:Inspector</c> and <c>Cvlm:Embedded</c>.</summary>
    /// <param name="builder">The host builder.</param>
    /// <returns>The same builder.</returns>
    public static HostApplicationBuilder AddInspectionWorker(this HostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        IServiceCollection services = builder.Services;
        IConfigurationSection section = builder.Configuration.GetSection(WorkerOptions.SectionName);
        services.AddOptions<WorkerOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WorkerOptions>, WorkerOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);

        // One embedded reasoner for every profile: each profile carries its own reference model.
        services.AddCustomizableVlm(builder.Configuration.GetSection("Cvlm:Inspector"))
            .AddEmbeddedReasoner(builder.Configuration.GetSection("Cvlm:Embedded"));

        services.AddSingleton<InspectionChannel>();
        services.AddSingleton<WorkerStatus>();
        services.AddSingleton<ResultsWriter>();
        services.AddSingleton<ProfileRegistry>();

        // Hosts stop services in reverse order: the feeder stops accepting first, then the consumers finish what is in flight.
        services.AddHostedService<InspectionConsumers>();
        services.AddHostedService<FolderFeeder>();

        services.AddHealthChecks()
            .AddCheck<ProfilesHealthCheck>("profiles")
            .AddCheck<ReasonerHealthCheck>("reasoner")
            .AddCheck<QueueHealthCheck>("queue")
            .AddCheck("decoders", new DecodersHealthCheck());
        services.AddSingleton<IHealthCheckPublisher, HealthFilePublisher>();
        services.AddOptions<HealthCheckPublisherOptions>().Configure<IOptions<WorkerOptions>>((health, worker) =>
        {
            health.Delay = TimeSpan.FromSeconds(1);
            health.Period = worker.Value.HealthInterval;
        });

        if (section.GetValue<bool>("OpenTelemetry:Enabled"))
        {
            services.AddOpenTelemetry()
                .ConfigureResource(resource => resource.AddService("InspectionWorker"))
                .WithTracing(tracing => tracing.AddSource(CustomizableVlmDiagnostics.SourceName).AddConsoleExporter())
                .WithMetrics(metrics => metrics.AddMeter(CustomizableVlmDiagnostics.MeterName).AddConsoleExporter());
        }

        return builder;
    }
}
