// The namespaces nearly every file of this project uses, imported once (issue 17: one using style).
global using System;
global using System.Collections.Generic;
global using System.Collections.Immutable;
global using System.Composition;
global using System.Threading;
global using System.Threading.Tasks;
global using Microsoft.CodeAnalysis;
global using Microsoft.CodeAnalysis.CSharp;
global using Microsoft.CodeAnalysis.CSharp.Syntax;
global using Microsoft.CodeAnalysis.CodeFixes;
global using AsyncGuard.Analyzers.Core;
global using AsyncGuard.CodeFixes.Core;
