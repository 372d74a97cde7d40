using System;
using System.Threading.Tasks;

namespace AsyncGuard.Runtime.Tests.TaskModel
{
    internal static class Bounded
    {
        public static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

        /// <summary>Fails the test instead of hanging it.</summary>
        public static async Task Within(Task task)
        {
            if (await Task.WhenAny(task, Task.Delay(Limit)) != task)
            {
                throw new TimeoutException("The test did not finish in time.");
            }

            await task;
        }

        public static async Task<T> Within<T>(Task<T> task)
        {
            await Within((Task)task);
            return await task;
        }
    }
}
