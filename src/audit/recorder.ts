import { TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema } from 'graphql';

/** Per request: whose data was read or refused, and whether anything else personal (consent, the log) was touched. */
export class AuditRecorder {
  readonly residents = new Set<string>();
  readonly refused = new Set<string>();
  private personal = false;

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
