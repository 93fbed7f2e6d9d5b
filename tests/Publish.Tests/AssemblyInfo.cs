// Every test runs `dotnet publish` (a compiler and an image build) on a 2-core machine, and the leak checks compare
// the Docker Engine's state before and after a publish: one test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
