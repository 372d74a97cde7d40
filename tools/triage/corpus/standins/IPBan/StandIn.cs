using System;
using System.Collections.Generic;

namespace Microsoft.Win32.TaskScheduler
{
    public sealed class TaskService : IDisposable
    {
        public TaskFolder RootFolder => throw new NotImplementedException();
        public TaskDefinition NewTask() => throw new NotImplementedException();
        public void Dispose() { }
    }

    public sealed class TaskFolder
    {
        public void DeleteTask(string taskName, bool exceptionOnNotExists = true) => throw new NotImplementedException();
        public RegisteredTask RegisterTaskDefinition(string path, TaskDefinition definition) => throw new NotImplementedException();
    }

    public sealed class RegisteredTask
    {
        public RunningTask Run(params string[] parameters) => throw new NotImplementedException();
    }

    public sealed class RunningTask { }

    public sealed class RegistrationInfo
    {
        public string Description { get; set; }
    }

    public sealed class TaskDefinition
    {
        public RegistrationInfo RegistrationInfo => throw new NotImplementedException();
        public TriggerCollection Triggers => throw new NotImplementedException();
        public ActionCollection Actions => throw new NotImplementedException();
    }

    public abstract class Trigger { }

    public sealed class TimeTrigger : Trigger
    {
        public TimeTrigger(DateTime startBoundary) { }
    }

    public abstract class TaskActionBase { }

    public sealed class ExecAction : TaskActionBase
    {
        public ExecAction(string path, string arguments = null, string workingDirectory = null) { }
    }

    public sealed class TriggerCollection
    {
        public TTrigger Add<TTrigger>(TTrigger trigger) where TTrigger : Trigger => throw new NotImplementedException();
    }

    public sealed class ActionCollection
    {
        public TAction Add<TAction>(TAction action) where TAction : TaskActionBase => throw new NotImplementedException();
    }
}
