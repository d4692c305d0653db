import { invalidPageToken, invalidRequest, resourceNotFound } from '../iot-errors';
import { compareKeys, nextPageMember, pageAfter, pagePosition } from '../paging/page-token';
import type { ThingDirectory } from '../ports';
import type { CertificateStore } from './certificate-store';
import type { ThingPrincipalRecord } from './iot-security-state';
import type { ListThingPrincipalsQuery, ThingPrincipalRequest } from './security-requests';

export interface ThingPrincipalsOptions {
  /** Things must exist in the registry to have principals. */
  readonly things: Pick<ThingDirectory, 'hasThing'>;
  /** Principals must be certificates issued here. */
  readonly certificates: CertificateStore;
  readonly onChange?: () => void;
  readonly attachments?: readonly ThingPrincipalRecord[];
}

const DEFAULT_PAGE_SIZE = 25;

/** Which certificates are attached to which things (AttachThingPrincipal and friends). */
export class ThingPrincipals {
  /** Attachments by thing name, then by principal. */
  private readonly byThing = new Map<string, Map<string, ThingPrincipalRecord>>();
  /** Thing names by principal, so attaching stays cheap in a fleet of thousands. */
  private readonly byPrincipal = new Map<string, Set<string>>();

  constructor(private readonly options: ThingPrincipalsOptions) {
    for (const attachment of options.attachments ?? []) this.add(attachment);
  }

  snapshot(): ThingPrincipalRecord[] {
    return [...this.byThing.values()].flatMap((principals) => [...principals.values()]);
  }

  hasPrincipals(thingName: string): boolean {
    return (this.byThing.get(thingName)?.size ?? 0) > 0;
  }

  /**
   * Idempotent for a principal already attached to the thing; without a type, it keeps the one
   * it has. `EXCLUSIVE_THING` makes the thing the principal's only one, so it is refused while
   * other things share the principal, and no further thing can be attached to it afterwards.
   */
  attachThingPrincipal(thingName: string, request: ThingPrincipalRequest) {
    this.requireThing(thingName);
    const { principal } = request;
    this.options.certificates.requireByArn(principal);
    const current = this.byThing.get(thingName)?.get(principal);
    // A repeated attach without a type must not quietly release an exclusive principal.
    const type = request.thingPrincipalType ?? current?.thingPrincipalType ?? 'NON_EXCLUSIVE_THING';
    const others = this.attachmentsOf(principal).filter((a) => a.thingName !== thingName);
    const exclusive = others.find((a) => a.thingPrincipalType === 'EXCLUSIVE_THING');
    if (exclusive !== undefined) {
      throw invalidRequest(`${principal} is attached exclusively to thing ${exclusive.thingName}`);
    }
    if (type === 'EXCLUSIVE_THING' && others.length > 0) {
      throw invalidRequest(
        `${principal} cannot be attached exclusively: it is attached to thing ${others[0]?.thingName}`,
      );
    }
    if (current?.thingPrincipalType === type) return {};
    this.add({ thingName, principal, thingPrincipalType: type });
    this.options.onChange?.();
    return {};
  }

  /** Detaching a certificate that is not attached to the thing succeeds and changes nothing. */
  detachThingPrincipal(thingName: string, request: ThingPrincipalRequest) {
    this.requireThing(thingName);
    this.options.certificates.requireByArn(request.principal);
    const principals = this.byThing.get(thingName);
    if (principals?.delete(request.principal) === true) {
      if (principals.size === 0) this.byThing.delete(thingName);
      const things = this.byPrincipal.get(request.principal);
      things?.delete(thingName);
      if (things?.size === 0) this.byPrincipal.delete(request.principal);
      this.options.onChange?.();
    }
    return {};
  }

  listThingPrincipals(thingName: string, query: ListThingPrincipalsQuery) {
    this.requireThing(thingName);
    const listing = JSON.stringify(['ListThingPrincipals', thingName]);
    const after = pagePosition(query.nextToken, listing, () => invalidPageToken('nextToken'));
    const principals = [...(this.byThing.get(thingName)?.keys() ?? [])].sort(compareKeys);
    const page = pageAfter(principals, (p) => p, after, query.maxResults ?? DEFAULT_PAGE_SIZE);
    return { principals: page.items, ...nextPageMember('nextToken', listing, page.lastKey) };
  }

  private add(attachment: ThingPrincipalRecord): void {
    const principals =
      this.byThing.get(attachment.thingName) ?? new Map<string, ThingPrincipalRecord>();
    principals.set(attachment.principal, attachment);
    this.byThing.set(attachment.thingName, principals);
    const things = this.byPrincipal.get(attachment.principal) ?? new Set<string>();
    things.add(attachment.thingName);
    this.byPrincipal.set(attachment.principal, things);
  }

  private attachmentsOf(principal: string): ThingPrincipalRecord[] {
    return [...(this.byPrincipal.get(principal) ?? [])].flatMap(
      (thingName) => this.byThing.get(thingName)?.get(principal) ?? [],
    );
  }

  private requireThing(thingName: string): void {
    if (!this.options.things.hasThing(thingName)) {
      throw resourceNotFound(`Thing ${thingName} cannot be found.`);
    }
  }
}
