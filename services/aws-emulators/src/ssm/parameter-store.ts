import { AwsServiceError } from '../edge/aws-service-error';
import { epochSeconds } from '../edge/epoch-seconds';
import { compareKeys, nextPageMember, pageAfter, pagePosition } from '../paging/page-token';
import type { Clock } from '../ports';
import {
  type ParameterScope,
  candidateNames,
  isUnderPath,
  normalisePath,
  parameterArn,
  validateNewParameterName,
} from './parameter-name';
import { resolveTier } from './parameter-tier';
import type {
  DeleteParameterRequest,
  GetParameterRequest,
  GetParametersByPathRequest,
  GetParametersRequest,
  PutParameterRequest,
} from './ssm-requests';
import type { ParameterStoreState, StoredParameter } from './stored-parameter';

export interface ParameterStoreOptions extends ParameterScope {
  readonly clock: Clock;
  /** Called after every change, e.g. to schedule persisting `snapshot()`. */
  readonly onChange?: () => void;
  readonly state?: ParameterStoreState;
}

/** Data types Parameter Store accepts. */
const DATA_TYPES = new Set(['text', 'aws:ec2:image', 'aws:ssm:integration']);
const DEFAULT_PAGE_SIZE = 10;

function notFound(name: string): AwsServiceError {
  return new AwsServiceError('ParameterNotFound', `Parameter ${name} not found.`);
}

/** A `StringList` is checked item by item against an allowed pattern. */
function checkAllowedPattern(pattern: string, type: StoredParameter['type'], value: string): void {
  let regex: RegExp;
  try {
    regex = new RegExp(pattern);
  } catch (err) {
    throw new AwsServiceError(
      'InvalidAllowedPatternException',
      `The allowed pattern ${pattern} is not a valid regular expression: ${(err as Error).message}`,
    );
  }
  const items = type === 'StringList' ? value.split(',') : [value];
  if (items.some((item) => !regex.test(item))) {
    throw new AwsServiceError(
      'ParameterPatternMismatchException',
      `Parameter value, cannot be validated against allowedPattern: ${pattern}`,
    );
  }
}

/** SSM Parameter Store, in memory; `snapshot()` is what gets persisted. */
export class ParameterStore {
  private readonly parameters = new Map<string, StoredParameter>();

  constructor(private readonly options: ParameterStoreOptions) {
    for (const parameter of options.state?.parameters ?? []) {
      this.parameters.set(parameter.name, parameter);
    }
  }

  snapshot(): ParameterStoreState {
    return { parameters: [...this.parameters.values()] };
  }

  getParameter(request: GetParameterRequest) {
    const parameter = this.lookup(request.Name);
    if (parameter === undefined) throw notFound(request.Name);
    return { Parameter: this.render(parameter, request.WithDecryption === true) };
  }

  getParameters(request: GetParametersRequest) {
    const found = new Map<string, StoredParameter>();
    const invalid: string[] = [];
    for (const reference of new Set(request.Names)) {
      const parameter = this.lookup(reference);
      if (parameter === undefined) invalid.push(reference);
      else found.set(parameter.name, parameter);
    }
    return {
      Parameters: [...found.values()].map((p) => this.render(p, request.WithDecryption === true)),
      InvalidParameters: invalid,
    };
  }

  getParametersByPath(request: GetParametersByPathRequest) {
    if (request.ParameterFilters !== undefined && request.ParameterFilters.length > 0) {
      throw new AwsServiceError(
        'ValidationException',
        'ParameterFilters are not supported by the local SSM emulator',
      );
    }
    const path = normalisePath(request.Path);
    const recursive = request.Recursive === true;
    const query = `GetParametersByPath ${path} ${recursive}`;
    const after = pagePosition(
      request.NextToken,
      query,
      () => new AwsServiceError('InvalidNextToken', 'The specified token is not valid.'),
    );
    const matching = [...this.parameters.values()]
      .filter((parameter) => isUnderPath(parameter.name, path, recursive))
      .sort((a, b) => compareKeys(a.name, b.name));
    const page = pageAfter(matching, (p) => p.name, after, request.MaxResults ?? DEFAULT_PAGE_SIZE);
    return {
      Parameters: page.items.map((p) => this.render(p, request.WithDecryption === true)),
      ...nextPageMember('NextToken', query, page.lastKey),
    };
  }

  putParameter(request: PutParameterRequest) {
    const { Name: name, Value: value } = request;
    validateNewParameterName(name, this.options);
    const existing = this.parameters.get(name);
    if (existing !== undefined && request.Overwrite !== true) {
      throw new AwsServiceError(
        'ParameterAlreadyExists',
        'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
      );
    }
    if (request.Overwrite === true && request.Tags !== undefined && request.Tags.length > 0) {
      throw new AwsServiceError(
        'ValidationException',
        "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.",
      );
    }
    if (request.Policies !== undefined) {
      throw new AwsServiceError(
        'ValidationException',
        'Parameter policies are not supported by the local SSM emulator',
      );
    }
    const type = request.Type ?? existing?.type;
    if (type === undefined) {
      throw new AwsServiceError(
        'ValidationException',
        'A parameter type is required when you create a parameter.',
      );
    }
    const dataType = request.DataType ?? existing?.dataType ?? 'text';
    if (!DATA_TYPES.has(dataType)) {
      throw new AwsServiceError(
        'ValidationException',
        `The following data type is not supported: ${dataType} (supported data type: [text, aws:ec2:image, aws:ssm:integration])`,
      );
    }
    const tier = resolveTier(request.Tier, existing?.tier, value);
    const allowedPattern = request.AllowedPattern ?? existing?.allowedPattern;
    if (allowedPattern !== undefined) checkAllowedPattern(allowedPattern, type, value);

    const description = request.Description ?? existing?.description;
    const keyId = type === 'SecureString' ? (request.KeyId ?? existing?.keyId) : undefined;
    const parameter: StoredParameter = {
      name,
      type,
      value,
      version: (existing?.version ?? 0) + 1,
      lastModifiedDate: this.options.clock(),
      tier,
      dataType,
      ...(description === undefined ? {} : { description }),
      ...(allowedPattern === undefined ? {} : { allowedPattern }),
      ...(keyId === undefined ? {} : { keyId }),
    };
    this.parameters.set(name, parameter);
    this.options.onChange?.();
    return { Version: parameter.version, Tier: tier };
  }

  deleteParameter(request: DeleteParameterRequest) {
    if (!this.parameters.delete(request.Name)) throw notFound(request.Name);
    this.options.onChange?.();
    return {};
  }

  private lookup(reference: string): StoredParameter | undefined {
    const isArn = reference.startsWith('arn:');
    const selector = isArn ? -1 : reference.indexOf(':');
    if (selector >= 0) {
      throw new AwsServiceError(
        'ValidationException',
        `Parameter selectors (${reference.slice(selector)}) are not supported by the local SSM emulator`,
      );
    }
    for (const name of candidateNames(reference, this.options)) {
      const parameter = this.parameters.get(name);
      if (parameter !== undefined) return parameter;
    }
    return undefined;
  }

  /**
   * The wire `Parameter`. Without `WithDecryption` a SecureString comes back encrypted, as from
   * KMS; here an opaque base64 stand-in, so a caller that forgot to decrypt notices locally too.
   */
  private render(parameter: StoredParameter, withDecryption: boolean) {
    const encrypted = parameter.type === 'SecureString' && !withDecryption;
    return {
      Name: parameter.name,
      Type: parameter.type,
      Value: encrypted
        ? Buffer.from(
            `local-kms:${parameter.keyId ?? 'alias/aws/ssm'}:${parameter.value}`,
          ).toString('base64')
        : parameter.value,
      Version: parameter.version,
      LastModifiedDate: epochSeconds(parameter.lastModifiedDate),
      ARN: parameterArn(parameter.name, this.options),
      DataType: parameter.dataType,
    };
  }
}
