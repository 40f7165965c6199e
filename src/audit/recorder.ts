import { TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema } from 'graphql';

/** Reservations of one request that are durable, and the residents they hold. */
export interface Reserved {
  ids: string[];
  residents: Set<string>;
}

/**
 * Per request: whose data was read or refused, whether anything else personal (consent, the log) was
 * touched, and the access reserved in the audit trail while the departments answer.
 */
export class AuditRecorder {
  readonly residents = new Set<string>();
  readonly refused = new Set<string>();
  private personal = false;
  private readonly asked = new Set<string>();
  private readonly reservations: Promise<{ id: string; residents: readonly string[] } | undefined>[] = [];
  /** Residents asked since the last reservation was started and before the next one is written. */
  private gathering: string[] | undefined;
  /** Set by the audit plugin as a query executes: makes a reservation durable and answers its id. */
  reserver: ((residents: readonly string[]) => Promise<string>) | undefined;

  /** `meanwhile` runs the reservation's write while the departments work on the request. */
  constructor(private readonly meanwhile: (task: () => void) => void = (task) => task()) {}

  touch(idNumber: string): void {
    this.residents.add(idNumber);
  }

  refuse(idNumber: string): void {
    this.refused.add(idNumber);
  }

  /** Personal data not tied to a resident lookup: consent grants, the audit log itself. */
  markPersonal(idNumber?: string): void {
    this.personal = true;
    if (idNumber) this.residents.add(idNumber);
  }

  get needed(): boolean {
    return this.personal || this.residents.size > 0 || this.refused.size > 0;
  }

  /**
   * The departments are being asked about these residents: each one's access is reserved (once a
   * request) while they answer. A reservation that fails only means the record cannot follow the
   * response for that resident.
   */
  asking(idNumbers: readonly string[]): void {
    const { reserver } = this;
    if (!reserver) return;
    const fresh = idNumbers.filter((id) => !this.asked.has(id));
    if (fresh.length === 0) return;
    for (const id of fresh) this.asked.add(id);
    if (this.gathering) return void this.gathering.push(...fresh);
    const residents = (this.gathering = fresh);
    // Written once the departments are busy with the calls (see BackgroundWork); those asked until
    // then share one reservation.
    const made = new Promise<void>((resolve) => this.meanwhile(resolve)).then(() => {
      this.gathering = undefined;
      return reserver(residents);
    });
    this.reservations.push(made.then((id) => ({ id, residents }), () => undefined));
  }

  /** The reservations made durable, once every one made has settled. */
  async reserved(): Promise<Reserved> {
    const held = (await Promise.all(this.reservations)).filter((r) => r !== undefined);
    return { ids: held.map((r) => r.id), residents: new Set(held.flatMap((r) => r.residents)) };
  }

  /**
   * May the record follow the response? Only when every resident served is held by a durable
   * reservation, and nothing personal beyond residents' records (consent grants, the log) was read.
   */
  mayFollow(reserved: Reserved): boolean {
    return !this.personal && reserved.ids.length > 0 && [...this.residents].every((id) => reserved.residents.has(id));
  }
}

const DEPARTMENT_FIELDS: Record<string, string[]> = {
  'Resident.civilAffairs': ['CIVIL_AFFAIRS'],
  'Resident.housing': ['HOUSING'],
  'Resident.health': ['HEALTH'],
  'Resident.serviceStatus': ['CIVIL_AFFAIRS', 'HOUSING', 'HEALTH'],
};

type FieldsRead = { fields: string[]; departments: string[] };

// Apollo reuses one parsed DocumentNode per query text, so the walk runs once per query, not per
// request (it was ~5% of the gateway's CPU under load). The arrays are shared: never mutate them.
const readByDocument = new WeakMap<DocumentNode, Map<string, FieldsRead>>();

/** The fields the operation asked for (Type.field), and the departments behind them. */
export function fieldsRead(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null): FieldsRead {
  const byOperation = readByDocument.get(document) ?? new Map<string, FieldsRead>();
  readByDocument.set(document, byOperation);
  let read = byOperation.get(operationName ?? '');
  if (!read) byOperation.set(operationName ?? '', (read = walk(schema, document, operationName)));
  return read;
}

function walk(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null): FieldsRead {
  const fields = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  let inOperation = false;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      OperationDefinition: {
        enter: (node) => void (inOperation = !operationName || node.name?.value === operationName),
        leave: () => void (inOperation = false),
      },
      FragmentDefinition: { enter: () => void (inOperation = true) },
      Field: (node) => {
        const parent = typeInfo.getParentType();
        if (inOperation && parent && !node.name.value.startsWith('__')) fields.add(`${parent.name}.${node.name.value}`);
      },
    }),
  );
  const departments = new Set([...fields].flatMap((f) => DEPARTMENT_FIELDS[f] ?? []));
  return { fields: [...fields].sort(), departments: [...departments].sort() };
}
