// 民政 civil affairs: a modern REST/JSON API with a batch get by ID numbers.
import { json, type DepartmentApi, type MockReply } from '../http.js';
import { lookup, type Residents } from '../residents.js';
import { person } from './records.js';
import { civilAffairsCaseRoutes } from './cases.js';

const BATCH_LIMIT = 100;

export function civilAffairsApi(residents: Residents): DepartmentApi {
  return {
    routes: {
      ...civilAffairsCaseRoutes(),
      'POST /api/v1/persons:batchGet': ({ body }) => {
        const idNumbers = idNumbersIn(body);
        if (!idNumbers) {
          return { idsRequested: 0, reply: error(400, 'INVALID_ARGUMENT', 'body must be JSON {"idNumbers": ["<ID number>", ...]}') };
        }
        if (idNumbers.length < 1 || idNumbers.length > BATCH_LIMIT) {
          const message = `idNumbers must hold 1 to ${BATCH_LIMIT} ID numbers, got ${idNumbers.length}`;
          return { idsRequested: idNumbers.length, reply: error(400, 'INVALID_ARGUMENT', message) };
        }
        const { found, notFound } = lookup(residents, idNumbers, 'civilAffairs');
        return { idsRequested: idNumbers.length, reply: json(200, { persons: found.map(person), notFound }) };
      },
    },
    failure: () => error(503, 'UNAVAILABLE', 'upstream maintenance'),
    notFound: ({ method, url }) => error(404, 'NOT_FOUND', `no route ${method} ${url.pathname}`),
  };
}

function idNumbersIn(body: string): string[] | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    const ids = (parsed as { idNumbers?: unknown } | null)?.idNumbers;
    return Array.isArray(ids) && ids.every((id) => typeof id === 'string') ? ids : undefined;
  } catch {
    return undefined;
  }
}

function error(status: number, code: string, message: string): MockReply {
  return json(status, { error: { code, message } });
}
