using BenchmarkDotNet.Running;

namespace AsyncGuard.Benchmarks.Runtime
{
    public static class Program
    {
        // Example: dotnet run -c Release -- --filter '*' --job short
        public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
