// The namespaces nearly every file of the runtime uses, imported once (issue 17: one using style, as in the analyzer
// and fix projects). LangVersion is `latest` for every target (Directory.Build.props), so netstandard2.0 has them too.
global using System;
global using System.Collections.Generic;
global using System.Diagnostics;
global using System.Diagnostics.CodeAnalysis;
global using System.Runtime.CompilerServices;
global using System.Threading;
global using System.Threading.Tasks;
global using AsyncGuard.Internal;
