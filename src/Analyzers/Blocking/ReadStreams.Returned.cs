namespace AsyncGuard.Analyzers.Blocking
{
    /// <summary>
    /// ReadStreams' read-only file streams made by a helper in another file (issue 16, eighteenth pass, d102; reported with
    /// <c>report_read_streams</c> like the rest of the class): the `using`'s value is a call (not awaited) of a method of this
    /// compilation declared in another file, neither virtual, abstract, an override, extern nor an interface member, whose every
    /// <c>return</c> gives a <c>FileStream</c> opened read-only (<c>File.OpenRead</c>, <c>new FileStream(path, mode,
    /// FileAccess.Read, ..)</c>: the eighth pass's test), directly, through a never-reassigned local or through one more helper of its own file: <c>using (var file =
    /// FileStreams.OpenForUpload(path)) await UploadAsync(file, ..);</c>. The same-file helper was already followed
    /// (<see cref="ReturnedFiles.EveryReturnIs"/>); the other file's helper is read once per compilation
    /// (<see cref="MethodFacts"/>, fact ReturnsReadOnlyFile). A write through such a stream throws, so its disposal only
    /// closes the handle, whatever the function hands it to. Still reported: a virtual or interface helper, a helper that may
    /// return a stream opened for writing (or with an access not known at compile time) or anything else on some path.
    /// </summary>
    internal sealed partial class ReadStreams
    {
        private bool IsReadOnlyFileFromElsewhere(IOperation value, CancellationToken cancellationToken)
        {
            var facts = _types.MethodFacts;
            if (Invocations.WithoutImplicitConversions(value) is not IInvocationOperation call
                || call.SemanticModel is not { } model
                || facts.Declaration(call.TargetMethod, cancellationToken) is not { } declaration
                || declaration.SyntaxTree == model.SyntaxTree)
            {
                return false; // the same file's helper was decided by ReturnedFiles.EveryReturnIs
            }

            return facts.Get(call.TargetMethod, MethodFact.ReturnsReadOnlyFile, -1, 0, _ =>
                facts.ModelOf(declaration.SyntaxTree) is { } calleeModel
                && ReturnedFiles.EveryReturnIn(declaration, calleeModel, IsOpenedReadOnly, cancellationToken));
        }
    }
}
