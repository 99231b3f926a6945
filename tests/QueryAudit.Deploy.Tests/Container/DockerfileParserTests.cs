namespace QueryAudit.Deploy.Tests.Container;

public class DockerfileParserTests
{
    [Test]
    public void Parse_StagesContinuationsAndComments()
    {
        string[] lines =
        [
            "# syntax=docker/dockerfile:1",
            "ARG BASE=10.0",
            "FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build",
            "RUN dotnet restore \\",
            "    # a comment inside a continuation is dropped",
            "",
            " && dotnet build",
            "FROM --platform=linux/amd64 mcr.microsoft.com/dotnet/runtime:10.0",
            "healthcheck --interval=30s \\",
            "    CMD [\"/app/queryaudit\", \"health\"]",
        ];

        Dockerfile dockerfile = Dockerfile.Parse(lines);

        Assert.That(dockerfile.Stages.Select(stage => stage.BaseImage), Is.EqualTo(new[] { "mcr.microsoft.com/dotnet/sdk:10.0", "mcr.microsoft.com/dotnet/runtime:10.0" }));
        Assert.That(dockerfile.Stages.Select(stage => stage.Name), Is.EqualTo(new[] { "build", null }));
        Assert.That(dockerfile.Stages[0].Instructions.Single().Arguments, Is.EqualTo("dotnet restore  && dotnet build"));
        Assert.That(dockerfile.Stages[0].Instructions.Single().Line, Is.EqualTo(4));
        Assert.That(dockerfile.Final.Instructions.Single().Keyword, Is.EqualTo("HEALTHCHECK"));
        Assert.That(dockerfile.Final.Instructions.Single().Arguments, Is.EqualTo("--interval=30s  CMD [\"/app/queryaudit\", \"health\"]"));
    }
}
