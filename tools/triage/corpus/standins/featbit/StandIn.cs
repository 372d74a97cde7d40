using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Confluent.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MongoDB.Driver;

namespace HealthChecks.Kafka
{
    public class KafkaHealthCheckOptions
    {
        public ProducerConfig Configuration { get; set; } = null!;
        public string? Topic { get; set; }
    }

    public class KafkaHealthCheck : IHealthCheck, IDisposable
    {
        public KafkaHealthCheck(KafkaHealthCheckOptions options) { }
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) => throw new NotImplementedException();
        public void Dispose() { }
    }
}

namespace Microsoft.Extensions.DependencyInjection
{
    public static class MongoDbHealthCheckBuilderExtensions
    {
        public static IHealthChecksBuilder AddMongoDb(
            this IHealthChecksBuilder builder,
            Func<IServiceProvider, IMongoDatabase> dbFactory,
            string? name = default,
            HealthStatus? failureStatus = default,
            IEnumerable<string>? tags = default,
            TimeSpan? timeout = default) => throw new NotImplementedException();
    }
}
