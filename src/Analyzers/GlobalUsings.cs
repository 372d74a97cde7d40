// The namespaces nearly every file of this project uses, imported once (issue 17: one using style).
global using System;
global using System.Collections.Generic;
global using System.Collections.Immutable;
global using System.Threading;
global using Microsoft.CodeAnalysis;
global using Microsoft.CodeAnalysis.CSharp;
global using Microsoft.CodeAnalysis.CSharp.Syntax;
global using Microsoft.CodeAnalysis.Diagnostics;
global using Microsoft.CodeAnalysis.Operations;
global using AsyncGuard.Analyzers.Core;
