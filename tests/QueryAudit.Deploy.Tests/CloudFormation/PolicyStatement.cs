namespace QueryAudit.Deploy.Tests.CloudFormation;

/// <summary>
/// One statement of an IAM policy document in the template. <see cref="Owner"/> is the logical id of
/// the role the policy is attached to, or of the bucket or topic policy resource; <see cref="Resources"/>
/// contains the <c>Resource</c> values as written (strings or intrinsic functions).
/// </summary>
internal sealed record PolicyStatement(
    string Owner,
    PolicyKind Kind,
    string PolicyName,
    string Effect,
    IReadOnlyList<string> Actions,
    IReadOnlyList<object?> Resources,
    IReadOnlyDictionary<string, object?> Statement)
{
    public bool IsAllow => Effect == "Allow";

    public override string ToString() =>
        $"{Owner}/{PolicyName}: {Effect} {string.Join(", ", Actions)} on {string.Join(", ", Resources.Select(TemplateValues.Describe))}";
}

/// <summary>Where a policy statement sits.</summary>
internal enum PolicyKind
{
    /// <summary>An identity policy of a role: what the role may do.</summary>
    RolePermissions,

    /// <summary>A role's trust policy: who may assume it.</summary>
    RoleTrust,

    /// <summary>A resource policy such as a bucket or topic policy.</summary>
    ResourcePolicy,
}
