namespace AsyncGuard.Analyzers.Blocking
{
    internal enum AlternativeForm
    {
        /// <summary>`x.M(..)` -> `await x.MAsync(..)` (or an awaitable overload of M taking a token).</summary>
        Call,

        /// <summary>`Thread.Sleep(x)` -> `await Task.Delay(x)`.</summary>
        Sleep,

        /// <summary>`using` -> `await using`.</summary>
        AwaitUsing,

        /// <summary>`x.P` (a blocking getter) -> `await x.PAlternativeAsync(..)` (`request.Form` -> `await request.ReadFormAsync(ct)`).</summary>
        Getter,
    }

    /// <summary>A synchronous call (or using) and the awaitable alternative AG0102 proposes for it.</summary>
    internal readonly struct AsyncAlternative(AlternativeForm form, string display, string name, string? token, string? tokenParameter)
    {
        public AlternativeForm Form { get; } = form;

        /// <summary>What is called now, e.g. "File.ReadAllText".</summary>
        public string Display { get; } = display;

        /// <summary>The member to call instead, e.g. "ReadAllTextAsync" ("Delay" for Thread.Sleep, "await using" for a using).</summary>
        public string Name { get; } = name;

        /// <summary>The CancellationToken expression to pass as an extra last argument, or null.</summary>
        public string? Token { get; } = token;

        /// <summary>Name of the token's parameter in the alternative (for a named argument), or null.</summary>
        public string? TokenParameter { get; } = tokenParameter;
    }
}
