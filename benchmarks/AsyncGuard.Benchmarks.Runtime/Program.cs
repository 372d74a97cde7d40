using BenchmarkDotNet.Running;

namespace AsyncGuard.Benchmarks.Runtime
{
    public static class Program
    {
        // Example: dotnet run -c Release -- --filter '*' --job short --inProcess
        // Load-tolerant cross-check of the ratios (Linux): dotnet run -c Release -- --cpu-compare
        public static void Main(string[] args)
        {
            if (args.Length == 1 && args[0] == "--cpu-compare")
            {
                CpuTimeCompare.Run();
                return;
            }

            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        }
    }
}
