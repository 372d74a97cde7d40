using System.Collections.Concurrent;

namespace AsyncGuard.Analyzers.Core
{
    /// <summary>
    /// InMemoryCalls' fields (issue 16, corpus7app class A3): a readonly field whose every value is made over memory
    /// (<c>private readonly MemoryStream _log = new(); private readonly StreamWriter _writer;</c> with
    /// <c>_writer = new StreamWriter(_log)</c> in the constructor, then <c>_writer.WriteLine(..)</c> in a Task-returning method).
    /// Decided over every reference to the field in its type's declarations (a readonly field is written only by its
    /// initializer, constructors and init accessors, all inside them): the field is typed as an in-memory stream, reader or
    /// writer, or its initializer and every assignment to it are values made over memory (as for locals), at least one, and
    /// no reference writes it any other way (by ref/out, compound assignment, deconstruction). A readonly field with an in-memory
    /// initializer only was already silent (AsyncAlternatives' IsInMemoryMember); this adds the ones assigned in constructors.
    /// Not decided (reported): a field that is not readonly, a type declared in more than one syntax tree, a field assigned
    /// anything else or passed by reference.
    /// </summary>
    internal sealed partial class InMemoryCalls
    {
        // Per compilation (this object lives for one): the answer for a field, computed with a model of its own tree. A
        // field walks its type's declaration once however many calls on it are about to be reported.
        private readonly ConcurrentDictionary<IFieldSymbol, bool> _fields = new(SymbolEqualityComparer.Default);

        private bool IsFieldOverMemory(IFieldReferenceOperation reference, SemanticModel model, int depth, CancellationToken cancellationToken)
        {
            var field = reference.Field;
            if (!field.IsReadOnly || field.IsConst || field.RefKind != RefKind.None)
            {
                return false;
            }

            if (_types.IsInMemoryIo(field.Type))
            {
                return true; // its static type says it: whatever it holds is in memory
            }

            if (field.DeclaringSyntaxReferences.Length != 1 || field.DeclaringSyntaxReferences[0].SyntaxTree != model.SyntaxTree)
            {
                return false; // declared in another file than the call: not decided here (and not cached)
            }

            if (_fields.TryGetValue(field, out var known))
            {
                return known;
            }

            var answer = IsFieldWrittenOverMemory(field, model, depth, cancellationToken);
            _fields.TryAdd(field, answer);
            return answer;
        }

        private bool IsFieldWrittenOverMemory(IFieldSymbol field, SemanticModel model, int depth, CancellationToken cancellationToken)
        {
            var written = false;
            foreach (var declaration in field.DeclaringSyntaxReferences)
            {
                if (declaration.GetSyntax(cancellationToken) is not VariableDeclaratorSyntax declarator || declarator.SyntaxTree != model.SyntaxTree)
                {
                    return false;
                }

                if (declarator.Initializer is { } initializer)
                {
                    if (model.GetOperation(initializer.Value, cancellationToken) is not { } value
                        || !IsOverMemory(value, declarator, model, depth + 1, cancellationToken))
                    {
                        return false;
                    }

                    written = true;
                }
            }

            foreach (var typeDeclaration in field.ContainingType.DeclaringSyntaxReferences)
            {
                var type = typeDeclaration.GetSyntax(cancellationToken);
                if (type.SyntaxTree != model.SyntaxTree)
                {
                    return false;
                }

                if (!VariableWrites.AllAccepted(field, type, model, Accept, ref written, cancellationToken))
                {
                    return false;
                }
            }

            return written;

            // An assignment in a function whose value is made over memory.
            bool Accept(ISimpleAssignmentOperation assignment) =>
                EnclosingFunction.Find(assignment.Syntax) is { } function && IsOverMemory(assignment.Value, function, model, depth + 1, cancellationToken);
        }
    }
}
