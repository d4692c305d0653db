import { type IConstruct } from 'constructs';
import { Stack, Validations } from 'aws-cdk-lib';
import { AwsCustomResource } from 'aws-cdk-lib/custom-resources';

/** A CloudFormation value rendered the way cdk-nag names it in a finding id. */
function render(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (typeof v.Ref === 'string') return `<${v.Ref}>`;
    const getAtt = v['Fn::GetAtt'] as [string, string] | undefined;
    if (getAtt) return `<${getAtt[0]}.${getAtt[1]}>`;
    const join = v['Fn::Join'] as [string, unknown[]] | undefined;
    if (join) return join[1].map(render).join(join[0]);
  }
  return JSON.stringify(value);
}

/**
 * Acknowledges cdk-nag's IAM5 finding for each wildcard resource, one by one, so a wildcard
 * added later without a reason still fails the check.
 */
export function acknowledgeWildcardResources(
  scope: IConstruct,
  resources: readonly string[],
  reason: string,
): void {
  const stack = Stack.of(scope);
  Validations.of(scope).acknowledge(
    ...resources.map((resource) => ({
      id: `AwsSolutions-IAM5[Resource::${render(stack.resolve(resource))}]`,
      reason,
    })),
  );
}

/** The managed policy every Lambda role gets for its own logs. */
export function acknowledgeLambdaBasicExecution(scope: IConstruct): void {
  Validations.of(scope).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason: 'AWSLambdaBasicExecutionRole only lets the function write its own logs to CloudWatch.',
  });
}

/**
 * The stack's one `AwsCustomResource` provider function (a singleton at stack level) gets the
 * basic execution policy; acknowledged on it alone.
 */
export function acknowledgeAwsCustomResourceProvider(scope: IConstruct): void {
  const stack = Stack.of(scope);
  const id = `AWS${AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`;
  const provider = stack.node.tryFindChild(id);
  if (provider) acknowledgeLambdaBasicExecution(provider);
}
