using BenchmarkDotNet.Running;

namespace AsyncGuard.Benchmarks.Runtime
{
    public static class Program
    {
        // Example: dotnet run -c Release -- --filter '*' --job short --inProcess
        // Load-tolerant cross-check of the ratios (Linux): dotnet run -c Release -- --cpu-compare [--processes N]
        public static void Main(string[] args)
        {
            if (args.Length >= 1 && args[0] == "--cpu-compare")
            {
                if (args.Length == 3 && args[1] == "--processes" && int.TryParse(args[2], out int processes) && processes > 0)
                {
                    CpuTimeCompare.RunInProcesses(processes);
                }
                else
                {
                    CpuTimeCompare.Run();
                }

                return;
            }

            if (args.Length == 1 && args[0] == "--cpu-compare-child")
            {
                CpuTimeCompare.RunAsChild();
                return;
            }

            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        }
    }
}
