// asyncio-style program: run it with `dotnet run --project samples/AsyncioStyle`.
// Everything below runs on ONE thread (EventLoop.Run is asyncio.run): watch the thread id stay the same.
using System.Diagnostics;
using AsyncGuard;
using AsyncGuard.Processes;

int exitCode = EventLoop.Run(MainAsync);
if (exitCode != 0)
{
    return exitCode;
}

// 13. asyncio's debug mode (asyncio.run(main, debug=True)): this loop reports callbacks that hold its thread over 50 ms.
return EventLoop.Run(DebugModeAsync, new AsyncGuardDebugOptions { SlowCallbackThreshold = TimeSpan.FromMilliseconds(50) });

static async Task<int> MainAsync()
{
    var clock = Stopwatch.StartNew();
    void Log(string text) => Console.WriteLine($"[{clock.ElapsedMilliseconds,4} ms, thread {Environment.CurrentManagedThreadId}] {text}");

    FireAndForget.UnobservedErrors += (_, e) => Log($"background failure observed: {e.Exception.Message}");

    // 1. Producer/consumer over a priority queue (lower number = more urgent; FIFO among equals), inside a task group.
    var jobs = new AsyncPriorityQueue<string, int>();
    var taken = new List<string>();
    await using (var group = new TaskGroup())
    {
        _ = group.Start(async ct =>
        {
            foreach (var (name, priority) in new[] { ("backup", 5), ("page-oncall", 0), ("send-report", 3), ("rotate-logs", 5), ("fix-prod", 0) })
            {
                await jobs.EnqueueAsync(name, priority, ct);
            }

            Log("producer: 5 jobs queued, closing the queue");
            jobs.Complete();
        });

        for (int worker = 1; worker <= 2; worker++)
        {
            int id = worker;
            _ = group.Start(async ct =>
            {
                await foreach (string job in jobs.ReadAllAsync(ct))
                {
                    taken.Add(job);
                    await Task.Delay(20, ct); // the "work"
                    Log($"worker {id}: finished {job}");
                    jobs.MarkDone();
                }
            });
        }
    } // the group waits for the producer and both workers

    Log("all jobs done; they were taken in priority order: " + string.Join(", ", taken));

    // 2. A task group cancels the siblings of a failing child, and reports only the real failure.
    try
    {
        await using var group = new TaskGroup();
        _ = group.Start(ct => Task.Delay(Timeout.Infinite, ct));
        _ = group.Start(async ct => { await Task.Delay(30, ct); throw new InvalidOperationException("disk full"); });
    }
    catch (AggregateException e)
    {
        Log($"task group failed with {e.InnerExceptions.Count} error: {e.InnerExceptions[0].Message} (the sleeping sibling was cancelled)");
    }

    // 3. Timeouts: wait_for cancels the work itself; a timeout scope can move its deadline.
    try
    {
        await AsyncTasks.RunWithTimeoutAsync(ct => Task.Delay(1000, ct), TimeSpan.FromMilliseconds(50));
    }
    catch (TimeoutException)
    {
        Log("slow call timed out after 50 ms and was cancelled");
    }

    int answer = await TimeoutScope.RunAsync(TimeSpan.FromMilliseconds(50), async scope =>
    {
        scope.Reschedule(TimeSpan.FromSeconds(2)); // "connected": give the transfer more time
        await Task.Delay(100, scope.Token);
        return 42;
    });
    Log($"rescheduled scope finished with {answer}");

    // 4. gather(return_exceptions=True) and as_completed.
    TaskOutcome<int>[] outcomes = await AsyncTasks.Gather(Compute(30, 1), Fail(10), Compute(5, 3));
    Log("gather: " + string.Join(" | ", outcomes.Select(o => o.ToString())));
    await foreach (Task<int> t in AsyncTasks.AsCompleted(new[] { Compute(60, 60), Compute(20, 20), Compute(40, 40) }))
    {
        Log($"as_completed: {await t}");
    }

    // 5. A child process: no shell, arguments as a list, both outputs captured, killed on timeout.
    try
    {
        ProcessResult hello = await AsyncProcess.RunAsync("sh", new[] { "-c", "echo \"hello from $1\"; echo warning >&2", "sh", "a child process" });
        Log($"child exited with {hello.ExitCode} after {hello.Duration.TotalMilliseconds:0} ms: out='{hello.StandardOutput.Trim()}' err='{hello.StandardError.Trim()}'");
        var sleepy = Stopwatch.StartNew();
        try
        {
            await AsyncProcess.RunAsync("sleep", new[] { "30" }, new ProcessRunOptions { Timeout = TimeSpan.FromMilliseconds(200) });
        }
        catch (TimeoutException)
        {
            Log($"`sleep 30` was killed by its 200 ms timeout; the call returned after {sleepy.ElapsedMilliseconds} ms");
        }
    }
    catch (FileNotFoundException e)
    {
        Log("no sh on this machine: " + e.Message);
    }

    // 6. Explicit fire-and-forget: the failure is still seen.
    Fail(5).Forget();
    await Task.Delay(50);

    // 7. Blocking work goes to a dedicated thread, and the result comes back to the loop thread.
    int threadOfWork = await AsyncTasks.ToThread(_ => { Thread.Sleep(20); return Environment.CurrentManagedThreadId; });
    Log($"to_thread ran on thread {threadOfWork}; back on the loop now");

    // 8. asyncio.Condition: wait releases the lock and holds it again on return; notify wakes the oldest waiter.
    var shelf = new List<string>();
    var stocked = new AsyncCondition(); // Condition() with a lock of its own
    Task buyer = Task.Run(async () =>
    {
        using (await stocked.LockAsync())
        {
            await stocked.WaitAsync(() => shelf.Count > 0); // wait_for(predicate)
            return shelf[0];
        }
    });
    while (!buyer.IsCompleted)
    {
        using (await stocked.LockAsync())
        {
            if (shelf.Count == 0) shelf.Add("bread");
            stocked.Notify();
        }

        await Task.Yield();
    }

    Log($"condition: the buyer got {await (Task<string>)buyer}");

    // 9. A reader-writer lock with an upgradeable read: check under a read lock, write only when needed.
    var cache = new Dictionary<string, int>();
    var cacheLock = new AsyncReaderWriterLock();
    using (var upgradeable = await cacheLock.UpgradeableReadLockAsync())
    {
        if (!cache.ContainsKey("answer"))
        {
            using (await upgradeable.UpgradeToWriteAsync())
            {
                cache["answer"] = 42;
            }
        }
    }

    using (await cacheLock.ReadLockAsync())
    {
        Log($"reader-writer lock: cache[answer] = {cache["answer"]}");
    }

    // 10. A queue completed with an error: consumers learn why production stopped (asyncio 3.13's shutdown, with a reason).
    var feed = new AsyncQueue<int>();
    feed.TryEnqueue(1);
    feed.Complete(new IOException("upstream closed the connection"));
    try
    {
        await foreach (int item in feed.ReadAllAsync())
        {
            Log($"feed: got {item}");
        }
    }
    catch (IOException e)
    {
        Log($"feed ended: {e.Message}");
    }

    // 11. A task graph: dependencies, priorities, at most 2 steps at once; a step reads its dependencies' results.
    var build = new TaskGraph<string, string>();
    build.Add("fetch", async (step, ct) => { await Task.Delay(20, ct); return "sources"; });
    build.Add("docs", async (step, ct) => { await Task.Delay(20, ct); return "docs"; }, dependsOn: new[] { "fetch" });
    build.Add("compile", async (step, ct) => { await Task.Delay(20, ct); return "dll(" + step.GetDependencyResult("fetch") + ")"; }, dependsOn: new[] { "fetch" }, priority: 10);
    build.Add("package", (step, ct) => Task.FromResult(step.GetDependencyResult("compile") + " + " + step.GetDependencyResult("docs")), dependsOn: new[] { "compile", "docs" });
    TaskGraphResult<string, string> built = await build.RunAsync(maxConcurrency: 2);
    Log("task graph: " + string.Join(" | ", built.Select(p => $"{p.Key} {p.Value}")));

    // 12. The same graph type in collect mode (gather(return_exceptions=True)): a failed step skips only its dependents.
    var checks = new TaskGraph<string, int>(TaskGraphMode.Collect);
    checks.Add("lint", (step, ct) => Task.FromResult(0));
    checks.Add("unit-tests", (step, ct) => Task.FromException<int>(new InvalidOperationException("3 tests failed")));
    checks.Add("publish", (step, ct) => Task.FromResult(1), dependsOn: new[] { "lint", "unit-tests" });
    checks.Add("spellcheck", (step, ct) => Task.FromResult(0), dependsOn: new[] { "lint" });
    TaskGraphResult<string, int> checked_ = await checks.RunAsync(maxConcurrency: 1);
    Log("task graph (collect): " + string.Join(" | ", checked_.Select(p => $"{p.Key} {p.Value.Status}")));

    return 0;

    static async Task<int> Compute(int ms, int value)
    {
        await Task.Delay(ms);
        return value;
    }

    static async Task<int> Fail(int ms)
    {
        await Task.Delay(ms);
        throw new FormatException("bad input");
    }
}

// 13. The debug mode. Reports go to AsyncGuardDebug.Reported and to the "AsyncGuard-Runtime" EventSource
// (dotnet-counters monitor -n AsyncioStyle --counters AsyncGuard-Runtime).
static async Task<int> DebugModeAsync()
{
    var clock = Stopwatch.StartNew();
    void Log(string text) => Console.WriteLine($"[{clock.ElapsedMilliseconds,4} ms, thread {Environment.CurrentManagedThreadId}] {text}");
    static string Top(string stack) => stack.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).FirstOrDefault() ?? "?";

    var longWaitSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    var failureSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    AsyncGuardDebug.Reported += (_, report) =>
    {
        string rules = report.RuleIds.Count > 0 ? " [" + string.Join("/", report.RuleIds) + "]" : "";
        Console.WriteLine($"debug: {report.Kind} in {report.Source}{rules}: {report.Message}");
        Console.WriteLine($"       started {Top(report.Stack)}");
        foreach (string holder in report.HolderStacks)
        {
            int firstLine = holder.IndexOf('\n');
            Console.WriteLine($"       {holder.Substring(0, firstLine).Trim()} acquired {Top(holder.Substring(firstLine + 1))}");
        }

        if (report.Kind == AsyncGuardDebugReportKind.LongWait) longWaitSeen.TrySetResult();
        if (report.Kind == AsyncGuardDebugReportKind.UnobservedFailure) failureSeen.TrySetResult();
    };

    // The process-wide switch adds the primitives' long waits and the unobserved failures.
    AsyncGuardDebug.Enable(new AsyncGuardDebugOptions { LongWaitThreshold = TimeSpan.FromMilliseconds(100) });
    Log($"debug mode on: {AsyncGuardDebug.IsEnabled}");

    // (a) Blocking the loop's thread: reported with its duration and the stack that queued the callback (AG0101/AG0102).
    await Task.Yield();
#pragma warning disable AG0101 // deliberate: this is what the debug mode catches at run time
    Thread.Sleep(120);
#pragma warning restore AG0101

    // (b) A wait that lasts too long names where the holder acquired the lock: the clue to an async deadlock.
    var ledger = new AsyncLock();
    AsyncLock.Releaser held = await TakeTheLedger(ledger);
    ValueTask<AsyncLock.Releaser> waiting = ledger.LockAsync();
    await Task.WhenAny(longWaitSeen.Task, Task.Delay(5000));
    held.Dispose();
    (await waiting).Dispose();

    // (c) gather stopped waiting (its token was cancelled); a task that fails afterwards has nobody to see it (AG0201).
    var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    using (var stop = new CancellationTokenSource())
    {
        Task<TaskOutcome<int>[]> gathering = AsyncTasks.Gather(new[] { FailWhen(go.Task) }, stop.Token);
        stop.Cancel();
        try
        {
            await gathering;
        }
        catch (OperationCanceledException)
        {
            Log("gather: stopped waiting");
        }
    }

    go.SetResult();
    await Task.WhenAny(failureSeen.Task, Task.Delay(5000));
    AsyncGuardDebug.Disable();
    Log("debug mode off");
    return 0;

    static ValueTask<AsyncLock.Releaser> TakeTheLedger(AsyncLock ledger) => ledger.LockAsync();

    static async Task<int> FailWhen(Task go)
    {
        await go;
        throw new InvalidDataException("checksum mismatch");
    }
}
