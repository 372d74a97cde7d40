// AsyncGuard Showcase: one small, commented example of every rule. Build it to see each rule's warning:
//   dotnet build samples/Showcase --no-incremental
using Showcase.Blocking;

await new AG0101Examples().RunAsync();
Console.WriteLine("Showcase ran.");
